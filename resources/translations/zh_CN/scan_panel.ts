<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ScanPanel</name>
    <message>
        <source>No camera</source>
        <translation>未连接高拍仪</translation>
    </message>
    <message>
        <source>Capture (Space)</source>
        <translation>拍摄（空格）</translation>
    </message>
    <message>
        <source>Capture when still</source>
        <translation>放稳自动拍摄</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Open camera</source>
        <translation>打开高拍仪</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描仪扫描</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Remember this form</source>
        <translation>记住此表样</translation>
    </message>
    <message>
        <source>Move page</source>
        <translation>移到所选材料</translation>
    </message>
    <message>
        <source>Delete page</source>
        <translation>删除此页</translation>
    </message>
    <message>
        <source>Recapture</source>
        <translation>重拍</translation>
    </message>
    <message>
        <source>Not a checklist material</source>
        <translation>非清单材料</translation>
    </message>
    <message>
        <source>Reconnect camera</source>
        <translation>重新连接高拍仪</translation>
    </message>
    <message>
        <source>Add scanned files</source>
        <translation>添加扫描件</translation>
    </message>
    <message>
        <source>Images and PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>图像和 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <source>Reading the page…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <source>Page %1: %2</source>
        <translation>第 %1 页：%2</translation>
    </message>
    <message>
        <source>Page %1 not recognised: choose its material and press Move page.</source>
        <translation>第 %1 页未能识别：请选择其材料后点击“移到所选材料”。</translation>
    </message>
    <message>
        <source>: please capture again.</source>
        <translation>：请重新拍摄。</translation>
    </message>
    <message>
        <source>Not recognised</source>
        <translation>未识别</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <source>(duplicate?)</source>
        <translation>（可能重复）</translation>
    </message>
    <message>
        <source>%1 page(s)</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺</translation>
    </message>
    <message>
        <source>Lay the page under the camera again.</source>
        <translation>请把这一页重新放到高拍仪下。</translation>
    </message>
</context>
</TS>
