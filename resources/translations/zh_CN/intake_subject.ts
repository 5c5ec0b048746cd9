<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SubjectSearch</name>
    <message>
        <source>Matter or bundle</source>
        <translation>事项或一件事</translation>
    </message>
    <message>
        <source>Chinese, full pinyin or initials; Enter picks</source>
        <translation>输入汉字、全拼或拼音首字母，回车选定</translation>
    </message>
</context>
</TS>
