<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DrillDialog</name>
    <message>
        <source>Behind the figure: %1</source>
        <translation>指标明细：%1</translation>
    </message>
    <message>
        <source>%1 — %2 rows, the first %3 shown</source>
        <translation>%1&#x3000;共 %2 条，显示前 %3 条</translation>
    </message>
    <message>
        <source>%1 — %2 rows</source>
        <translation>%1&#x3000;共 %2 条</translation>
    </message>
</context>
</TS>
