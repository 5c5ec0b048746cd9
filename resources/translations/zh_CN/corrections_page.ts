<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CorrectionsModel</name>
    <message>
        <source>Case number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Deferred materials</source>
        <translation>容缺材料</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>补正期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>受理人</translation>
    </message>
    <message>
        <source>%1 day(s) overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>%1 day(s) left</source>
        <translation>还剩 %1 天</translation>
    </message>
</context>
<context>
    <name>CorrectionsPage</name>
    <message>
        <source>Cases of the whole hall owing deferred materials</source>
        <translation>全厅待补正办件</translation>
    </message>
    <message>
        <source>My cases owing deferred materials</source>
        <translation>我受理的待补正办件</translation>
    </message>
    <message>
        <source>Due and overdue</source>
        <translation>待补正（含逾期）</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅逾期</translation>
    </message>
    <message>
        <source>Refresh (F5)</source>
        <translation>刷新（F5）</translation>
    </message>
    <message>
        <source>&amp;Open for correction (Enter)</source>
        <translation>办理补正(&amp;O)（回车）</translation>
    </message>
    <message>
        <source>Refresh the list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <source>%1 case(s) owe deferred materials, %2 of them overdue.</source>
        <translation>共 %1 件待补正，其中 %2 件已逾期。</translation>
    </message>
</context>
</TS>
