<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>HallDisplay</name>
    <message>
        <source>Hall display</source>
        <translation>叫号显示屏</translation>
    </message>
    <message>
        <source>Please watch for your number</source>
        <translation>请留意叫号</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Estimated wait</source>
        <translation>预计等候</translation>
    </message>
    <message>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <source>Connection to the hall database lost, reconnecting…</source>
        <translation>与大厅数据库的连接中断，正在重新连接…</translation>
    </message>
    <message>
        <source>%1 → window %2</source>
        <translation>%1 → %2 号窗口</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 人等候</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>约 %1 分钟</translation>
    </message>
</context>
</TS>
