<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>StatsPage</name>
    <message>
        <source>&amp;Figures</source>
        <translation>指标(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Waiting by hour</source>
        <translation>等候热力(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Daily volumes</source>
        <translation>每日量(&amp;D)</translation>
    </message>
    <message>
        <source>Sa&amp;tisfaction</source>
        <translation>满意率(&amp;T)</translation>
    </message>
    <message>
        <source>Refusals by &amp;reason</source>
        <translation>否定备案原因(&amp;R)</translation>
    </message>
    <message>
        <source>Hall now</source>
        <translation>大厅实况</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <source>Windows open / paused / serving</source>
        <translation>窗口 开放/暂停/办理中</translation>
    </message>
    <message>
        <source>Waiting over the limit</source>
        <translation>超时等候</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Longest (min)</source>
        <translation>最长（分钟）</translation>
    </message>
    <message>
        <source>Whole hall</source>
        <translation>全大厅</translation>
    </message>
    <message>
        <source>By window</source>
        <translation>按窗口</translation>
    </message>
    <message>
        <source>By clerk</source>
        <translation>按窗口人员</translation>
    </message>
    <message>
        <source>By matter</source>
        <translation>按事项</translation>
    </message>
    <message>
        <source>By bundle</source>
        <translation>按一件事</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <source>Export &amp;XLSX…</source>
        <translation>导出 XLSX(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Monthly report PDF…</source>
        <translation>统计报告 PDF(&amp;M)…</translation>
    </message>
    <message>
        <source>Fr&amp;om</source>
        <translation>从(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Until</source>
        <translation>至(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;By</source>
        <translation>统计维度(&amp;B)</translation>
    </message>
    <message>
        <source>Your own figures only</source>
        <translation>仅显示本人数据</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Today: %1</source>
        <translation>今日：%1</translation>
    </message>
    <message>
        <source>%1 (%2) waiting %3 min</source>
        <translation>%1（%2）已等候 %3 分钟</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Double-click or Enter: what this figure counts</source>
        <translation>双击或按回车查看该指标的明细</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1&#x3000;%2</translation>
    </message>
    <message>
        <source>Statistics %1.xlsx</source>
        <translation>统计数据 %1.xlsx</translation>
    </message>
    <message>
        <source>Spreadsheet (*.xlsx)</source>
        <translation>电子表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>Statistics report %1.pdf</source>
        <translation>统计报告 %1.pdf</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
</TS>
