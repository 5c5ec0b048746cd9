<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>IntakeChecklistModel</name>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Asked for</source>
        <translation>要求</translation>
    </message>
    <message>
        <source>Necessity</source>
        <translation>必要性</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source> × %1</source>
        <translation> × %1份</translation>
    </message>
    <message>
        <source>bring within %1 working days</source>
        <translation>%1个工作日内补交</translation>
    </message>
    <message>
        <source>may be exempt: %1</source>
        <translation>可免提交：%1</translation>
    </message>
</context>
</TS>
