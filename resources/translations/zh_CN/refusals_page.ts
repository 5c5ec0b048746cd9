<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RefusalsPage</name>
    <message>
        <source>Reload the register</source>
        <translation>重新载入登记簿</translation>
    </message>
    <message>
        <source>&amp;Dates</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>All windows</source>
        <translation>全部窗口</translation>
    </message>
    <message>
        <source>All clerks</source>
        <translation>全部经办人</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Any review state</source>
        <translation>全部复核状态</translation>
    </message>
    <message>
        <source>Review overdue</source>
        <translation>复核超期</translation>
    </message>
    <message>
        <source>Matter code or name</source>
        <translation>事项编码或名称</translation>
    </message>
    <message>
        <source>File &amp;unserved applicant…</source>
        <translation>登记未能办理(&amp;U)…</translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>复核(&amp;V)…</translation>
    </message>
    <message>
        <source>Record &amp;follow-up…</source>
        <translation>记录跟进(&amp;F)…</translation>
    </message>
    <message>
        <source>E&amp;xport XLSX…</source>
        <translation>导出 XLSX(&amp;X)…</translation>
    </message>
    <message>
        <source>Save &amp;PDF register…</source>
        <translation>保存 PDF 登记簿(&amp;P)…</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条数</translation>
    </message>
    <message>
        <source>Loading the register…</source>
        <translation>正在载入登记簿…</translation>
    </message>
    <message>
        <source>%1 entries shown, %2 in total, %3 reviews overdue</source>
        <translation>显示%1条，共%2条，复核超期%3条</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>%1号窗口</translation>
    </message>
    <message>
        <source>By review state</source>
        <translation>按复核状态</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>By reason</source>
        <translation>按理由</translation>
    </message>
    <message>
        <source>By matter</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By clerk</source>
        <translation>按经办人</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（超期）</translation>
    </message>
    <message>
        <source>Filed</source>
        <translation>备案时间</translation>
    </message>
    <message>
        <source>Window and clerk</source>
        <translation>窗口及经办人</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>票号</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>事实</translation>
    </message>
    <message>
        <source>Missing materials</source>
        <translation>缺少的材料</translation>
    </message>
    <message>
        <source> (settled)</source>
        <translation>（已处理）</translation>
    </message>
    <message>
        <source>No review yet</source>
        <translation>尚未复核</translation>
    </message>
    <message>
        <source>Reviews and follow-ups</source>
        <translation>复核与跟进</translation>
    </message>
    <message>
        <source>No. %1 · %2</source>
        <translation>第%1号 · %2</translation>
    </message>
    <message>
        <source>Export the register</source>
        <translation>导出登记簿</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the register</source>
        <translation>保存登记簿</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
</TS>
