<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>RatingWindow</name>
    <message>
        <source>Please rate our service</source>
        <translation>请对本次服务进行评价</translation>
    </message>
    <message>
        <source>Reasons (optional):</source>
        <translation>评价原因（可选）：</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <source>%1 (case %2)</source>
        <translation>%1（办件 %2）</translation>
    </message>
    <message>
        <source>We are sorry. The hall manager will call you back by %1.</source>
        <translation>非常抱歉，大厅负责人将在 %1 前与您联系。</translation>
    </message>
    <message>
        <source>Thank you for your rating.</source>
        <translation>感谢您的评价。</translation>
    </message>
</context>
</TS>
