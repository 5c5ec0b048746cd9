<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>IntakePage</name>
    <message>
        <source>Re&amp;open (F3)</source>
        <translation>重新打开(&amp;O) (F3)</translation>
    </message>
    <message>
        <source>Deferred materials received (Ctrl+R)</source>
        <translation>容缺材料已补交（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Start service (F2)</source>
        <translation>开始办理(&amp;S) (F2)</translation>
    </message>
    <message>
        <source>1/Space received · 2 missing · 3 deferred · 4 exempt · A all received</source>
        <translation>1/空格 已收 · 2 缺 · 3 容缺 · 4 免提交 · A 全部已收</translation>
    </message>
    <message>
        <source>%1 unfinished application(s) from before; F3 reopens the latest.</source>
        <translation>有%1件未办完的申请，按F3打开最近的一件。</translation>
    </message>
    <message>
        <source>No ticket called: F2 serves a walk-in.</source>
        <translation>当前无叫号：按F2接待未取号的申请人。</translation>
    </message>
    <message>
        <source>Ticket %1 (%2) called to this window.</source>
        <translation>%1号（%2）已叫到本窗口。</translation>
    </message>
    <message>
        <source>Application %1 · visit %2 · first clerk %3</source>
        <translation>申请 %1 · 第%2次来办 · 首问负责人 %3</translation>
    </message>
    <message>
        <source>No application open</source>
        <translation>尚未开始办理</translation>
    </message>
    <message>
        <source>Choose the matter or bundle</source>
        <translation>请选择事项或一件事</translation>
    </message>
    <message>
        <source>This applicant was told what to bring: F3 reopens that application.</source>
        <translation>该申请人曾被一次性告知：按F3打开原申请。</translation>
    </message>
    <message>
        <source>No %1 found for this applicant: type its number.</source>
        <translation>未查到该申请人的%1：请输入证照编号。</translation>
    </message>
    <message>
        <source>Choose the matter or bundle first.</source>
        <translation>请先选择事项或一件事。</translation>
    </message>
    <message>
        <source>Decision stored. F2 serves the next applicant.</source>
        <translation>决定已保存。按F2接待下一位申请人。</translation>
    </message>
    <message>
        <source>Ticket %1 is not the one called to this window.</source>
        <translation>%1号不是本窗口当前叫到的号。</translation>
    </message>
    <message>
        <source>Scanned code not recognised: %1</source>
        <translation>无法识别扫描的条码：%1</translation>
    </message>
    <message>
        <source>Case %1 owes no deferred materials any more.</source>
        <translation>办件 %1 已无待补交的容缺材料。</translation>
    </message>
    <message>
        <source>Case %1 (%2, %3) owes deferred materials: Ctrl+R marks them received.</source>
        <translation>办件 %1（%2，%3）有待补交的容缺材料：按 Ctrl+R 登记已补交。</translation>
    </message>
    <message>
        <source>Case %1: deferred materials received (visit %2).</source>
        <translation>办件 %1：容缺材料已补交（第%2次来办）。</translation>
    </message>
</context>
</TS>
