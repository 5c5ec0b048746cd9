<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>OutcomeLabel</name>
    <message>
        <source>%1: case number %2</source>
        <translation>%1：受理编号 %2</translation>
    </message>
    <message>
        <source>Promised completion: %1</source>
        <translation>承诺办结日期：%1</translation>
    </message>
    <message>
        <source>Deferred materials due: %1</source>
        <translation>容缺材料补正期限：%1</translation>
    </message>
    <message>
        <source>Documents stored and sent to the printer: %1</source>
        <translation>文书已存档并送打印：%1</translation>
    </message>
</context>
<context>
    <name>RefusalBox</name>
    <message>
        <source>Refusal</source>
        <translation>不予受理</translation>
    </message>
    <message>
        <source>What was asked, when no matter is chosen</source>
        <translation>未选择事项时，写明申请人所申请的事项</translation>
    </message>
    <message>
        <source>Refuse and print (Ctrl+Enter)</source>
        <translation>不予受理并打印 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请事项</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
</context>
</TS>
