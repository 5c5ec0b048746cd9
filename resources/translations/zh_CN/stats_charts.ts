<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DailyVolumes</name>
    <message>
        <source>Tickets and cases per day</source>
        <translation>每日取号与办件</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
</context>
<context>
    <name>RefusalReasons</name>
    <message>
        <source>Refusal register entries by category</source>
        <translation>否定备案（按类别）</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条数</translation>
    </message>
</context>
<context>
    <name>SatisfactionTrend</name>
    <message>
        <source>Satisfied or better, per day (%)</source>
        <translation>每日满意率（满意及以上，%）</translation>
    </message>
    <message>
        <source>Satisfied or better</source>
        <translation>满意及以上</translation>
    </message>
</context>
<context>
    <name>WaitingHeatMap</name>
    <message>
        <source>Average wait by hour of the week (minutes)</source>
        <translation>各时段平均等候（分钟）</translation>
    </message>
    <message>
        <source>≥ %1</source>
        <translation>≥ %1</translation>
    </message>
    <message>
        <source>%1h</source>
        <translation>%1时</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
</TS>
