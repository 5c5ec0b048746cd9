<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CasesModel</name>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
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
        <source>Decided</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>来办次数</translation>
    </message>
    <message>
        <source>Owed materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>受理人</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Cases of the whole hall</source>
        <translation>全厅办件</translation>
    </message>
    <message>
        <source>My cases</source>
        <translation>我的办件</translation>
    </message>
    <message>
        <source>Case number, ID number / USCC, or part of a name — Enter searches</source>
        <translation>办件编号、身份证号/统一社会信用代码或姓名（名称）的一部分，回车查询</translation>
    </message>
    <message>
        <source>All decisions</source>
        <translation>全部决定</translation>
    </message>
    <message>
        <source>&amp;Open for correction (Enter)</source>
        <translation>办理补正(&amp;O)（回车）</translation>
    </message>
    <message>
        <source>Ticket %1: call it on the Intake page.</source>
        <translation>号票 %1：请在受理页面叫号办理。</translation>
    </message>
    <message>
        <source>%1 case(s) found.</source>
        <translation>共找到 %1 件。</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
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
        <source>Window and clerk</source>
        <translation>窗口与受理人</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>来办次数</translation>
    </message>
    <message>
        <source>Owed materials</source>
        <translation>待补材料</translation>
    </message>
    <message>
        <source>%1 deferred material(s) not yet received</source>
        <translation>%1 份容缺材料尚未补交</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
</TS>
