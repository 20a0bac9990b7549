<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ColorBar</name>
    <message>
        <source>Colour scale: {low} to {high}</source>
        <translation>色标：{low} 到 {high}</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里画一个数字</translation>
    </message>
    <message>
        <source>Drawing canvas</source>
        <translation>画板</translation>
    </message>
    <message>
        <source>Draw one digit with the mouse or a pen. Ctrl+Z undoes a stroke, Esc clears.</source>
        <translation>用鼠标或手写笔画一个数字。Ctrl+Z 撤销一笔，Esc 清除。</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>The feature maps appear when the model has loaded.</source>
        <translation>模型加载完成后，这里会显示特征图。</translation>
    </message>
</context>
<context>
    <name>InputPreview</name>
    <message>
        <source>Network input</source>
        <translation>网络输入</translation>
    </message>
    <message>
        <source>The drawing as LeNet-5 sees it: 32 by 32 pixels, the digit scaled into a 20 by 20 box and centred in the 28 by 28 MNIST field.</source>
        <translation>LeNet-5 看到的图像：32×32 像素，数字缩放到 20×20 的方框内，并居中放在 28×28 的 MNIST 区域中。</translation>
    </message>
    <message>
        <source>28×28 MNIST field</source>
        <translation>28×28 MNIST 区域</translation>
    </message>
    <message>
        <source>20×20 digit box</source>
        <translation>20×20 数字框</translation>
    </message>
    <message>
        <source>No input yet</source>
        <translation>暂无输入</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>convolution</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>max-pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>average-pooling</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>fully connected</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>Top row: the learned {kernel} kernels (weights). Below: the map each produces.</source>
        <translation>上排：学到的 {kernel} 卷积核（权重）。下排：每个卷积核生成的特征图。</translation>
    </message>
    <message>
        <source>{layer} · feature map {index} of {count}</source>
        <translation>{layer} · 特征图 {index}/{count}</translation>
    </message>
    <message>
        <source>{layer} · kernel {index} of {count}</source>
        <translation>{layer} · 卷积核 {index}/{count}</translation>
    </message>
    <message>
        <source>{kernel} weights: blue negative, white zero, red positive</source>
        <translation>{kernel} 权重：蓝色为负，白色为零，红色为正</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>池化窗口</translation>
    </message>
    <message>
        <source>Layer type</source>
        <translation>层类型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接数</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Could not save the drawing. {reason}</source>
        <translation>无法保存画作。{reason}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Loaded {name}</source>
        <translation>已加载 {name}</translation>
    </message>
    <message>
        <source>Could not load the model. {reason}</source>
        <translation>无法加载模型。{reason}</translation>
    </message>
    <message>
        <source>Could not load these weights; the current model stays in use. {reason}</source>
        <translation>无法加载这个权重文件，继续使用当前模型。{reason}</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Could not open the image. {reason}</source>
        <translation>无法打开图片。{reason}</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图片</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>图片 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save drawing as PNG</source>
        <translation>将画作保存为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Open weights file</source>
        <translation>打开权重文件</translation>
    </message>
    <message>
        <source>LeNet-5 weights (*.pt);;All files (*)</source>
        <translation>LeNet-5 权重 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>About LeNet-5 Drawing Pad</source>
        <translation>关于 LeNet-5 手写数字识别</translation>
    </message>
    <message>
        <source>LeNet-5 Drawing Pad</source>
        <translation>LeNet-5 手写数字识别</translation>
    </message>
    <message>
        <source>Draw a digit and watch LeNet-5 read it, layer by layer.</source>
        <translation>画一个数字，一层一层地看 LeNet-5 如何识别它。</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>LeNet-5 ({arch}) · {params} parameters</source>
        <translation>LeNet-5（{arch}）· {params} 个参数</translation>
    </message>
    <message>
        <source>{percent} % on MNIST test</source>
        <translation>MNIST 测试集准确率 {percent} %</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Brush width</source>
        <translation>笔刷粗细(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open an image file onto the canvas</source>
        <translation>把图片文件打开到画板上</translation>
    </message>
    <message>
        <source>&amp;Save drawing as PNG…</source>
        <translation>将画作保存为 PNG(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the drawing as a PNG file</source>
        <translation>把画作保存为 PNG 文件</translation>
    </message>
    <message>
        <source>Open &amp;weights…</source>
        <translation>打开权重文件(&amp;W)…</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Load another trained network</source>
        <translation>加载另一个训练好的网络</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>撤销最后一笔</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo the stroke undone last</source>
        <translation>重做刚撤销的一笔</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the canvas (Esc)</source>
        <translation>清除画板（Esc）</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Erase instead of drawing (E)</source>
        <translation>擦除而不是绘画（E）</translation>
    </message>
    <message>
        <source>&amp;Thinner brush</source>
        <translation>笔刷变细(&amp;T)</translation>
    </message>
    <message>
        <source>Thinner</source>
        <translation>变细</translation>
    </message>
    <message>
        <source>Thinner brush ([)</source>
        <translation>笔刷变细（[）</translation>
    </message>
    <message>
        <source>T&amp;hicker brush</source>
        <translation>笔刷变粗(&amp;H)</translation>
    </message>
    <message>
        <source>Thicker</source>
        <translation>变粗</translation>
    </message>
    <message>
        <source>Thicker brush (])</source>
        <translation>笔刷变粗（]）</translation>
    </message>
    <message>
        <source>Show &amp;S2 and S4</source>
        <translation>显示 S2 和 S4(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>About this app</source>
        <translation>关于本程序</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>S2/S4</source>
        <translation>S2/S4</translation>
    </message>
    <message>
        <source>Show the sub-sampling layers S2 and S4 too</source>
        <translation>同时显示下采样（池化）层 S2 和 S4</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Brush width</source>
        <translation>笔刷粗细</translation>
    </message>
    <message>
        <source>Brush width ([ and ])</source>
        <translation>笔刷粗细（[ 和 ]）</translation>
    </message>
    <message>
        <source>Your drawing</source>
        <translation>你的手写</translation>
    </message>
    <message>
        <source>Draw with the mouse or a pen, or drop an image file here. Ctrl+Z undoes a stroke, Esc clears.</source>
        <translation>用鼠标或手写笔书写，也可以把图片文件拖到这里。Ctrl+Z 撤销一笔，Esc 清除。</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>识别结果</translation>
    </message>
    <message>
        <source>What the network sees</source>
        <translation>网络看到的输入</translation>
    </message>
    <message>
        <source>Inside the network: feature maps</source>
        <translation>网络内部：特征图</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PredictionChart</name>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Draw a digit</source>
        <translation>画一个数字</translation>
    </message>
    <message>
        <source>Not sure — is this a digit? Best guess {digit} ({percent})</source>
        <translation>不确定——这是数字吗？最可能是 {digit}（{percent}）</translation>
    </message>
    <message>
        <source>Predicted digit {digit}, confidence {percent}</source>
        <translation>识别结果 {digit}，置信度 {percent}</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>识别结果</translation>
    </message>
    <message>
        <source>File → Open weights…</source>
        <translation>文件 → 打开权重文件…</translation>
    </message>
    <message>
        <source>Best guess {digit} · {percent}</source>
        <translation>最可能是 {digit} · {percent}</translation>
    </message>
    <message>
        <source>Not sure — is this a digit?</source>
        <translation>不确定——这是数字吗？</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
</context>
</TS>
