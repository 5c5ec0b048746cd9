<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>Follow-up on entry %1</source>
        <translation>第%1号备案的跟进</translation>
    </message>
    <message>
        <source>Record what was done: applicant contacted, accepted after all …</source>
        <translation>记录后续处理情况：已联系申请人、最终已受理……</translation>
    </message>
    <message>
        <source>This &amp;settles the matter</source>
        <translation>此事已处理完毕(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;What was done:</source>
        <translation>处理情况(&amp;W)：</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review entry %1</source>
        <translation>复核第%1号备案</translation>
    </message>
    <message>
        <source>Do you agree with the window&apos;s decision? If not, say why: the entry is reopened and you record what is done about it.</source>
        <translation>您是否同意窗口的这一处理？如不同意，请写明理由：该备案将重开，并由您记录后续跟进情况。</translation>
    </message>
    <message>
        <source>&amp;Agree</source>
        <translation>同意(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Disagree</source>
        <translation>不同意(&amp;D)</translation>
    </message>
    <message>
        <source>Required when you disagree</source>
        <translation>不同意时必须填写</translation>
    </message>
    <message>
        <source>&amp;Comment:</source>
        <translation>复核意见(&amp;C)：</translation>
    </message>
</context>
<context>
    <name>UnservedDialog</name>
    <message>
        <source>File an unserved applicant</source>
        <translation>登记未能办理</translation>
    </message>
    <message>
        <source>Every applicant who leaves without being served goes on record, with the reason. Refusals and one-time notifications are filed by the intake page.</source>
        <translation>凡申请人未能办理即离开的，均须登记并写明理由。不予受理和一次性告知由受理页面自动备案。</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>类别(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <source>Applica&amp;nt:</source>
        <translation>申请人(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;ID number:</source>
        <translation>证件号码(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Matter asked for:</source>
        <translation>所询事项(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Ticket:</source>
        <translation>票号(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Legal basis:</source>
        <translation>法律依据(&amp;L)：</translation>
    </message>
</context>
</TS>
