<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Comprehensive window console</source>
        <translation>综合窗口工作台</translation>
    </message>
</context>
</TS>
