<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CataloguePage</name>
    <message>
        <source>Reload the catalogue</source>
        <translation>重新载入目录</translation>
    </message>
    <message>
        <source>Loading the catalogue…</source>
        <translation>正在载入目录…</translation>
    </message>
    <message>
        <source>Version %1: %2 matters, %3 bundles</source>
        <translation>第%1版目录：%2个事项，%3个一件事</translation>
    </message>
    <message>
        <source>Type to search the catalogue</source>
        <translation>输入文字以检索目录</translation>
    </message>
    <message>
        <source>Bundle %1 · promised in %2 working days · matters: %3</source>
        <translation>一件事 %1 · 承诺时限 %2 个工作日 · 包含事项：%3</translation>
    </message>
    <message>
        <source>Matter %1 · %2 · legal time limit %3 working days, promised %4 · fee: %5</source>
        <translation>事项编码 %1 · %2 · 法定时限 %3 个工作日，承诺时限 %4 个工作日 · 收费：%5</translation>
    </message>
    <message>
        <source> · completed on the spot</source>
        <translation> · 即办件</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>检索(&amp;F)</translation>
    </message>
    <message>
        <source>Matter, bundle or material: Chinese, full pinyin or initials</source>
        <translation>事项、一件事或材料：可输入汉字、全拼或拼音首字母</translation>
    </message>
</context>
</TS>
