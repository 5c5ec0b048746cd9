<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Kiosk</name>
    <message>
        <source>Ticket machine</source>
        <translation>取号机</translation>
    </message>
    <message>
        <source>Please choose your service</source>
        <translation>请选择您要办理的业务</translation>
    </message>
    <message>
        <source>Priority channel:</source>
        <translation>绿色通道：</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <source>Check in appointment</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <source>Issuing your ticket…</source>
        <translation>正在取号…</translation>
    </message>
    <message>
        <source>Please enter or scan your booking code.</source>
        <translation>请输入或扫描预约码。</translation>
    </message>
    <message>
        <source>%1 — %2 waiting ahead of you, about %3 minutes</source>
        <translation>%1 — 您前面还有 %2 人等候，预计约 %3 分钟</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <source>Please take your ticket.</source>
        <translation>请取走号票。</translation>
    </message>
    <message>
        <source>The printer is not working. Please remember your number: %1</source>
        <translation>打印机暂时无法出票，请记住您的号码：%1</translation>
    </message>
</context>
</TS>
