<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <source>Comprehensive window console</source>
        <translation>综合窗口工作台</translation>
    </message>
    <message>
        <source> [demo data]</source>
        <translation>【演示数据】</translation>
    </message>
    <message>
        <source>&amp;Intake</source>
        <translation>受理(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>排队(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Refusal register</source>
        <translation>否定备案(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Statistics</source>
        <translation>统计(&amp;S)</translation>
    </message>
    <message>
        <source>Cata&amp;logue</source>
        <translation>目录(&amp;L)</translation>
    </message>
    <message>
        <source>Corrections &amp;due</source>
        <translation>补正(&amp;D)</translation>
    </message>
    <message>
        <source>C&amp;ase search</source>
        <translation>办件(&amp;A)</translation>
    </message>
    <message>
        <source>About clerk</source>
        <translation>关于 clerk</translation>
    </message>
    <message>
        <source>clerk %1: the console of a comprehensive service window.</source>
        <translation>clerk %1：政务服务大厅综合窗口工作台。</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>工作台(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Pages</source>
        <translation>页面(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Lock console</source>
        <translation>锁定工作台(&amp;L)</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>注销(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About clerk</source>
        <translation>关于 clerk(&amp;A)</translation>
    </message>
</context>
</TS>
