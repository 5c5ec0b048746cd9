<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QueuePage</name>
    <message>
        <source>&amp;Open / resume</source>
        <translation>开放/恢复(&amp;O)</translation>
    </message>
    <message>
        <source>Close &amp;window</source>
        <translation>关闭窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Pa&amp;use</source>
        <translation>暂停(&amp;U)</translation>
    </message>
    <message>
        <source>Call ne&amp;xt</source>
        <translation>叫号(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Recall</source>
        <translation>重呼(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;No-show</source>
        <translation>过号(&amp;N)</translation>
    </message>
    <message>
        <source>Open &amp;intake</source>
        <translation>受理(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Transfer…</source>
        <translation>转办(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>办结(&amp;F)</translation>
    </message>
    <message>
        <source>Current ticket</source>
        <translation>当前号</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>已等候</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Waiting for this window</source>
        <translation>本窗口可办理的等候号</translation>
    </message>
    <message>
        <source>Window %1 is not set up in the queue</source>
        <translation>排队设置中没有 %1 号窗口</translation>
    </message>
    <message>
        <source>Window %1 — %2</source>
        <translation>%1 号窗口 — %2</translation>
    </message>
    <message>
        <source>No ticket</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>绿色通道：%1</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Recalled %1 times</source>
        <translation>已重呼 %1 次</translation>
    </message>
    <message>
        <source>Transfer note: %1</source>
        <translation>转办说明：%1</translation>
    </message>
    <message>
        <source>Sent to window %1</source>
        <translation>转给 %1 号窗口</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 (%2 min)</source>
        <translation>%1（%2 分钟）</translation>
    </message>
    <message>
        <source>Waiting longer than %1 minutes: %2</source>
        <translation>等候超过 %1 分钟：%2</translation>
    </message>
    <message>
        <source>Nobody is waiting for this window.</source>
        <translation>目前没有本窗口可办理的等候号。</translation>
    </message>
    <message>
        <source>%1 called.</source>
        <translation>已呼叫 %1。</translation>
    </message>
    <message>
        <source>Recall limit reached: the ticket is marked as a no-show.</source>
        <translation>已达重呼次数上限，该号记为过号。</translation>
    </message>
    <message>
        <source>Recalled.</source>
        <translation>已重呼。</translation>
    </message>
    <message>
        <source>%1 transferred.</source>
        <translation>%1 已转办。</translation>
    </message>
    <message>
        <source>%1 finished: the applicant is asked to rate.</source>
        <translation>%1 已办结，请申请人评价。</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer the ticket</source>
        <translation>转办</translation>
    </message>
    <message>
        <source>To a service &amp;category</source>
        <translation>转到业务类别(&amp;C)</translation>
    </message>
    <message>
        <source>To a &amp;window</source>
        <translation>转到窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>%1 号窗口</translation>
    </message>
    <message>
        <source>What the applicant still needs</source>
        <translation>申请人还需办理的事项</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>说明(&amp;N)：</translation>
    </message>
</context>
</TS>
