<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LockPanel</name>
    <message>
        <source>Signed in: %1 (%2), window %3</source>
        <translation>当前登录：%1（工号 %2），%3 号窗口</translation>
    </message>
    <message>
        <source>The console is locked</source>
        <translation>工作台已锁定</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>解锁(&amp;U)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
</context>
</TS>
