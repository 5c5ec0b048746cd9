<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ChecklistTable</name>
    <message>
        <source>This material cannot be deferred.</source>
        <translation>该材料不允许容缺后补。</translation>
    </message>
    <message>
        <source>No e-licence replaces this material.</source>
        <translation>该材料没有可替代的电子证照。</translation>
    </message>
</context>
<context>
    <name>LicenceField</name>
    <message>
        <source>E-licence number, Enter to record</source>
        <translation>电子证照编号，回车记录</translation>
    </message>
</context>
</TS>
