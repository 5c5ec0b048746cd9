<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>HallPasswordDialog</name>
    <message>
        <source>This workstation uses the hall database %1. Enter its password once: it is kept in the system keyring, never in a file.</source>
        <translation>本工作站使用大厅数据库 %1。请输入该数据库的密码（只需一次）：密码保存在系统密钥环中，不会写入任何文件。</translation>
    </message>
    <message>
        <source>Hall database password</source>
        <translation>大厅数据库密码</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
</context>
</TS>
