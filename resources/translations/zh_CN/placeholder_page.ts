<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page comes with a later version of clerk.</source>
        <translation>此功能将在 clerk 的后续版本中提供。</translation>
    </message>
</context>
</TS>
