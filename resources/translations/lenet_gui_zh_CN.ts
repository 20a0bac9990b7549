<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddSampleDialog</name>
    <message>
        <source>Add to my samples</source>
        <translation>添加到我的样本</translation>
    </message>
    <message>
        <source>Which digit did you draw?</source>
        <translation>你画的是哪个数字？</translation>
    </message>
    <message>
        <source>It is kept the way the network sees it (left). Train with “Mix in my samples” to teach the network your handwriting.</source>
        <translation>样本按网络看到的样子保存（左图）。训练时勾选“混入我的样本”，网络就能学会你的笔迹。</translation>
    </message>
    <message>
        <source>Your drawing as a 28×28 sample</source>
        <translation>你的画作为 28×28 样本</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <source>Digit {digit}</source>
        <translation>数字 {digit}</translation>
    </message>
</context>
<context>
    <name>ColorBar</name>
    <message>
        <source>Colour scale: {low} to {high}</source>
        <translation>色标：{low} 到 {high}</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>No test results yet</source>
        <translation>还没有测试结果</translation>
    </message>
    <message>
        <source>{correct} of {total} test digits read correctly</source>
        <translation>{total} 个测试数字中认对了 {correct} 个</translation>
    </message>
    <message>
        <source>most often confused: {true} read as {said} ({count}×)</source>
        <translation>最常混淆：{true} 被认成 {said}（{count} 次）</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Rows: the true digit. Columns: what the network said.</source>
        <translation>行：真实数字。列：网络的回答。</translation>
    </message>
    <message>
        <source>said</source>
        <translation>网络回答</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <source>{count} test images of a {true} read as {said}</source>
        <translation>{count} 张 {true} 的测试图片被认成 {said}</translation>
    </message>
</context>
<context>
    <name>ConnectionGrid</name>
    <message>
        <source>C3 map</source>
        <translation>C3 特征图</translation>
    </message>
    <message>
        <source>S2 map {index}</source>
        <translation>S2 特征图 {index}</translation>
    </message>
</context>
<context>
    <name>DigitBoxes</name>
    <message>
        <source>Show digit {n} ({digit}, {percent:.0f} %)</source>
        <translation>查看第 {n} 个数字（{digit}，{percent:.0f} %）</translation>
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
    <name>EngineMessage</name>
    <message>
        <source>{name}: no such file</source>
        <translation>{name}：文件不存在</translation>
    </message>
    <message>
        <source>{name}: not a usable weights file: it holds Python objects, not only tensors (refused for safety)</source>
        <translation>{name}：不是可用的权重文件：其中含有 Python 对象而不只是张量（为安全起见拒绝加载）</translation>
    </message>
    <message>
        <source>{name}: not a usable weights file: damaged, truncated or not a PyTorch file</source>
        <translation>{name}：不是可用的权重文件：文件已损坏、不完整，或不是 PyTorch 文件</translation>
    </message>
    <message>
        <source>{name}: not a LeNet-5 Drawing Pad weights file</source>
        <translation>{name}：不是 LeNet-5 手写板的权重文件</translation>
    </message>
    <message>
        <source>{name}: bad model settings: {detail}</source>
        <translation>{name}：模型设置有误：{detail}</translation>
    </message>
    <message>
        <source>{name}: no weights in the file</source>
        <translation>{name}：文件中没有权重</translation>
    </message>
    <message>
        <source>{name}: does not match the {arch} LeNet-5 ({detail})</source>
        <translation>{name}：与 {arch} 版 LeNet-5 不匹配（{detail}）</translation>
    </message>
    <message>
        <source>{name}: {key} is not a tensor</source>
        <translation>{name}：{key} 不是张量</translation>
    </message>
    <message>
        <source>{name}: {key} has shape {shape}, expected {expected}</source>
        <translation>{name}：{key} 的形状是 {shape}，应为 {expected}</translation>
    </message>
    <message>
        <source>{name}: {key} has dtype {dtype}, expected floating point</source>
        <translation>{name}：{key} 的数据类型是 {dtype}，应为浮点数</translation>
    </message>
    <message>
        <source>{name}: {key} contains NaN or infinite values</source>
        <translation>{name}：{key} 含有 NaN 或无穷大的值</translation>
    </message>
    <message>
        <source>{name}: {key} holds values far too large for trained weights (up to {value:.3g})</source>
        <translation>{name}：{key} 的数值过大，不可能是训练得到的权重（最大 {value:.3g}）</translation>
    </message>
    <message>
        <source>{name}: not a weights file but {kind}</source>
        <translation>{name}：不是权重文件，而是{kind}</translation>
    </message>
    <message>
        <source>{name}: not a usable weights file: {detail}</source>
        <translation>{name}：权重文件不可用：{detail}</translation>
    </message>
    <message>
        <source>{name}: not a usable weights file: its metadata {detail}</source>
        <translation>{name}：权重文件不可用：其元数据{detail}</translation>
    </message>
    <message>
        <source>{name}: file not found</source>
        <translation>{name}：找不到文件</translation>
    </message>
    <message>
        <source>{name}: not an image file (cannot identify image file)</source>
        <translation>{name}：不是图片文件（无法识别图片格式）</translation>
    </message>
    <message>
        <source>{name}: cannot read the file ({reason})</source>
        <translation>{name}：无法读取文件（{reason}）</translation>
    </message>
    <message>
        <source>{name}: damaged image ({reason})</source>
        <translation>{name}：图片已损坏（{reason}）</translation>
    </message>
    <message>
        <source>{name}: not an image file but {kind}</source>
        <translation>{name}：不是图片文件，而是{kind}</translation>
    </message>
    <message>
        <source>{name}: the picture is too large ({width}x{height} pixels)</source>
        <translation>{name}：图片太大（{width}x{height} 像素）</translation>
    </message>
    <message>
        <source>{name}: unsupported colour model {mode}</source>
        <translation>{name}：不支持的颜色模式 {mode}</translation>
    </message>
    <message>
        <source>{folder}: cannot read the folder ({reason})</source>
        <translation>{folder}：无法读取文件夹（{reason}）</translation>
    </message>
    <message>
        <source>MNIST download cancelled</source>
        <translation>MNIST 下载已取消</translation>
    </message>
    <message>
        <source>MNIST folder {folder} does not exist</source>
        <translation>MNIST 文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>{folder}: missing {files} (gzipped or unpacked)</source>
        <translation>{folder}：缺少 {files}（gzip 压缩或解压后的均可）</translation>
    </message>
    <message>
        <source>{images_file} has {images} images but {labels_file} has {labels} labels</source>
        <translation>{images_file} 有 {images} 张图片，但 {labels_file} 有 {labels} 个标签</translation>
    </message>
    <message>
        <source>{name}: download failed; last error: {error}</source>
        <translation>{name}：下载失败；最后一次错误：{error}</translation>
    </message>
    <message>
        <source>{name}: expected shape (N, 28, 28), found {shape}</source>
        <translation>{name}：形状应为 (N, 28, 28)，实际为 {shape}</translation>
    </message>
    <message>
        <source>{name}: expected shape (N,), found {shape}</source>
        <translation>{name}：形状应为 (N,)，实际为 {shape}</translation>
    </message>
    <message>
        <source>{name}: label {label} is outside 0..9</source>
        <translation>{name}：标签 {label} 不在 0..9 之间</translation>
    </message>
    <message>
        <source>{name}: not a valid gzip file ({reason})</source>
        <translation>{name}：不是有效的 gzip 文件（{reason}）</translation>
    </message>
    <message>
        <source>{name}: the header declares {size} bytes of data, far more than MNIST&apos;s (at most {limit})</source>
        <translation>{name}：文件头声明了 {size} 字节的数据，远超 MNIST 的大小（最多 {limit}）</translation>
    </message>
    <message>
        <source>{name}: not an IDX file (magic 0x{magic})</source>
        <translation>{name}：不是 IDX 文件（魔数 0x{magic}）</translation>
    </message>
    <message>
        <source>{name}: not an IDX file (only {size} bytes)</source>
        <translation>{name}：不是 IDX 文件（只有 {size} 字节）</translation>
    </message>
    <message>
        <source>{name}: trailing data: expected {expected} bytes of data, found {found}</source>
        <translation>{name}：末尾有多余数据：应有 {expected} 字节数据，实际 {found} 字节</translation>
    </message>
    <message>
        <source>{name}: truncated: expected {expected} bytes of data, found {found}</source>
        <translation>{name}：文件不完整：应有 {expected} 字节数据，实际 {found} 字节</translation>
    </message>
    <message>
        <source>{name}: truncated: header needs {needed} bytes, found {found}</source>
        <translation>{name}：文件不完整：文件头需要 {needed} 字节，实际 {found} 字节</translation>
    </message>
    <message>
        <source>{name}: unsupported IDX data type 0x{code} (only 0x08, unsigned bytes)</source>
        <translation>{name}：不支持的 IDX 数据类型 0x{code}（仅支持 0x08，即无符号字节）</translation>
    </message>
    <message>
        <source>{path}: cannot create folder ({reason})</source>
        <translation>{path}：无法创建文件夹（{reason}）</translation>
    </message>
    <message>
        <source>{path}: cannot read ({reason})</source>
        <translation>{path}：无法读取（{reason}）</translation>
    </message>
    <message>
        <source>{path}: cannot write ({reason})</source>
        <translation>{path}：无法写入（{reason}）</translation>
    </message>
    <message>
        <source>{path}: no such file</source>
        <translation>{path}：文件不存在</translation>
    </message>
</context>
<context>
    <name>ExploreActions</name>
    <message>
        <source>Loading PyTorch for the saliency map…</source>
        <translation>正在加载 PyTorch 以计算显著图…</translation>
    </message>
    <message>
        <source>Could not compute the saliency map. {reason}</source>
        <translation>无法计算显著性图。{reason}</translation>
    </message>
    <message>
        <source>&amp;Learn: the network layer by layer…</source>
        <translation>学习：逐层了解网络(&amp;L)…</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Explain every layer of the network in use (Ctrl+L)</source>
        <translation>逐层讲解当前使用的网络（Ctrl+L）</translation>
    </message>
    <message>
        <source>&amp;Why this digit? (saliency)</source>
        <translation>为什么是这个数字？（显著性图）(&amp;W)</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>为什么？</translation>
    </message>
    <message>
        <source>Colour the drawing by how much each spot mattered to the answer (Ctrl+G)</source>
        <translation>按每个位置对答案的影响大小给画作着色（Ctrl+G）</translation>
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
    <name>LayerKind</name>
    <message>
        <source>convolution</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>partial convolution</source>
        <translation>部分连接卷积</translation>
    </message>
    <message>
        <source>max-pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>subsampling</source>
        <translation>下采样</translation>
    </message>
    <message>
        <source>fully connected</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>Euclidean RBF</source>
        <translation>欧氏 RBF</translation>
    </message>
</context>
<context>
    <name>LayerName</name>
    <message>
        <source>output</source>
        <translation>输出层</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
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
    <name>LayerTable</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Input → output</source>
        <translation>输入 → 输出</translation>
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
    <name>LearnView</name>
    <message>
        <source>The whole network slid across your drawing</source>
        <translation>整个网络在你的画上滑动</translation>
    </message>
    <message>
        <source>C5 is a convolution too, so LeNet-5 run on a strip 32 pixels high answers for every 32-pixel window, 4 pixels apart, without cutting the drawing into digits (the paper&apos;s space-displacement network, Section VII). Under each window: its answer, faint when unsure. Cutting the drawing into digits reads: {text}</source>
        <translation>C5 也是卷积，所以把 LeNet-5 放在 32 像素高的长条上运行，它会对每个 32 像素的窗口（相隔 4 像素）给出答案，而无需把画切分成单个数字（论文第七节的空间位移网络 SDNN）。每个窗口下方是它的答案，不确定时颜色较淡。把画切分成数字后读出：{text}</translation>
    </message>
    <message>
        <source>{params} trainable parameters · {connections} connections</source>
        <translation>{params} 个可训练参数 · {connections} 个连接</translation>
    </message>
    <message>
        <source>Framed: the code F6 is closest to, the network&apos;s answer. Under each code: its penalty y_i (smaller is closer). F6 is drawn as 7×12 the same way (dark = +1, light = −1).</source>
        <translation>带框的是与 F6 最接近的编码，也就是网络的答案。每个编码下方是它的惩罚值 y_i（越小越接近）。F6 也按同样方式画成 7×12（深色 = +1，浅色 = −1）。</translation>
    </message>
    <message>
        <source>The modern network&apos;s output layer is an ordinary trainable layer followed by a softmax. Switch to the 1998 network to see its fixed 7×12 digit codes.</source>
        <translation>现代网络的输出层是普通的可训练层，后接 softmax。切换到 1998 年的网络即可看到它固定的 7×12 数字编码。</translation>
    </message>
    <message>
        <source>Activation: the scaled tanh f(a) = 1.7159·tanh(2a/3), so f(±1) = ±1.</source>
        <translation>激活函数：缩放的 tanh，f(a) = 1.7159·tanh(2a/3)，使 f(±1) = ±1。</translation>
    </message>
    <message>
        <source>Activation: ReLU, f(a) = max(0, a).</source>
        <translation>激活函数：ReLU，f(a) = max(0, a)。</translation>
    </message>
    <message>
        <source>{layer} halves the resolution of {source}: each unit adds up a 2×2 block of one map, multiplies the sum by a trainable coefficient and adds a trainable bias (two parameters per map), then applies the activation function. Exact positions matter less afterwards; what remains is roughly where each feature is.</source>
        <translation>{layer} 把 {source} 的分辨率减半：每个单元把一张特征图中 2×2 区域的值相加，乘以一个可训练系数，再加上一个可训练偏置（每张特征图两个参数），然后经过激活函数。此后精确位置不再那么重要，保留下来的是每个特征的大致位置。</translation>
    </message>
    <message>
        <source>{layer} halves the resolution of {source}: each unit keeps the largest value of a 2×2 block of one map (max-pooling, no parameters). A drawing moved by a pixel then gives almost the same maps.</source>
        <translation>{layer} 把 {source} 的分辨率减半：每个单元保留一张特征图中 2×2 区域的最大值（最大池化，没有参数）。这样画作移动一个像素时，得到的特征图几乎不变。</translation>
    </message>
    <message>
        <source>C3 computes 16 maps of 10×10 with 5×5 kernels, but each map reads only some of the S2 maps (the paper&apos;s Table I, drawn below): maps 0–5 read 3 adjacent maps, 6–11 read 4 adjacent ones, 12–14 read 4 non-adjacent ones and 15 reads all 6. That saves connections and, by breaking the symmetry, makes the maps learn different features. Hover a unit to see its sum; click a column of the grid to pick that map.</source>
        <translation>C3 用 5×5 卷积核计算 16 张 10×10 的特征图，但每张特征图只读取部分 S2 特征图（论文中的表 I，画在下方）：0–5 号读取 3 张相邻的图，6–11 号读取 4 张相邻的图，12–14 号读取 4 张不相邻的图，15 号读取全部 6 张。这样既减少了连接数，又打破了对称性，使各特征图学到不同的特征。将鼠标悬停在某个单元上可查看它的求和过程；点击网格中的一列可选中该特征图。</translation>
    </message>
    <message>
        <source>C3 computes 16 maps of 10×10 with 5×5 kernels. In the modern network every C3 map reads all 6 S2 maps (the grid below is full), so each unit adds up 6 × 25 weighted values and a bias. Hover a unit to see its sum.</source>
        <translation>C3 用 5×5 卷积核计算 16 张 10×10 的特征图。在现代网络中，每张 C3 特征图都读取全部 6 张 S2 特征图（下方网格全满），因此每个单元把 6 × 25 个加权值与一个偏置相加。将鼠标悬停在某个单元上可查看它的求和过程。</translation>
    </message>
    <message>
        <source>The output layer has 10 Euclidean RBF units. Unit i compares F6 with a fixed 7×12 bitmap of digit i (+1 or −1 per pixel): its penalty is y_i = Σ (x_j − w_ij)². The smallest penalty wins; the chart shows a softmax over −y_i. Training minimises the paper&apos;s loss: the penalty of the correct digit plus log(e^−j + Σ e^−y_i), which keeps the classes competing.</source>
        <translation>输出层有 10 个欧氏径向基函数（RBF）单元。第 i 个单元把 F6 与数字 i 的固定 7×12 位图（每个像素为 +1 或 −1）比较，其惩罚值为 y_i = Σ (x_j − w_ij)²。惩罚值最小者胜出；图表显示的是对 −y_i 做 softmax 的结果。训练时最小化论文中的损失函数：正确数字的惩罚值加上 log(e^−j + Σ e^−y_i)，后一项让各类别相互竞争。</translation>
    </message>
    <message>
        <source>The output layer has 10 units, each a weighted sum of the 84 F6 values plus a bias. A softmax turns these scores into the probabilities of the chart; training minimises the cross-entropy.</source>
        <translation>输出层有 10 个单元，每个单元是 84 个 F6 值的加权和再加偏置。softmax 把这些得分变成图表中的概率；训练时最小化交叉熵。</translation>
    </message>
    <message>
        <source>F6 has 84 units, each connected to all 120 C5 values: a weighted sum plus a bias.</source>
        <translation>F6 有 84 个单元，每个单元都与全部 120 个 C5 值相连：加权和再加偏置。</translation>
    </message>
    <message>
        <source>84 = 7 × 12: the output layer compares F6 with 7×12 bitmaps of the digits, so F6 can be drawn as a small picture (select the output layer).</source>
        <translation>84 = 7 × 12：输出层把 F6 与各数字的 7×12 位图比较，所以 F6 可以画成一张小图（选中输出层即可看到）。</translation>
    </message>
    <message>
        <source>C1 slides 6 learned 5×5 kernels over the 32×32 input. Each unit adds up the 25 pixels under the kernel, each times its weight, plus a bias. All units of a map share these 26 parameters, so a map shows where in the image its feature (an edge, a stroke end …) occurs. Hover a unit to see its sum.</source>
        <translation>C1 用 6 个学到的 5×5 卷积核在 32×32 的输入上滑动。每个单元把卷积核覆盖的 25 个像素分别乘以权重后相加，再加上偏置。同一张特征图的所有单元共享这 26 个参数（权值共享），所以一张特征图显示的是它的特征（边缘、笔画端点……）出现在图像的什么位置。将鼠标悬停在某个单元上可查看它的求和过程。</translation>
    </message>
    <message>
        <source>C5 has 120 units, each a 5×5 convolution over all 16 S4 maps. The S4 maps are exactly 5×5, so each C5 map is 1×1: in effect a fully connected layer, but the paper calls it a convolution because a larger input would give larger maps.</source>
        <translation>C5 有 120 个单元，每个单元都是在全部 16 张 S4 特征图上做的 5×5 卷积。S4 特征图恰好是 5×5，所以每张 C5 特征图只有 1×1：实际上等于全连接层，但论文仍称之为卷积层，因为输入更大时特征图也会更大。</translation>
    </message>
    <message>
        <source>C5 is a convolution too, so LeNet-5 run on a strip 32 pixels high answers for every 32-pixel window, 4 pixels apart, without cutting the drawing into digits (the paper&apos;s space-displacement network, Section VII). Under each window: its answer, faint when unsure. Cutting this image into digits was unsure; a LeNet-5 trained on windows of written numbers, slid the same way, reads: {text}</source>
        <translation>C5 也是卷积，所以把 LeNet-5 放在 32 像素高的长条上运行，它会对每个 32 像素的窗口（相隔 4 像素）给出答案，而无需把画切分成单个数字（论文第七节的空间位移网络 SDNN）。每个窗口下方是它的答案，不确定时颜色较淡。把这张图片切分成单个数字时没有把握；一个用书写数字的窗口训练、同样滑动运行的 LeNet-5 读出：{text}</translation>
    </message>
    <message>
        <source>Learn: LeNet-5 layer by layer</source>
        <translation>学习：逐层了解 LeNet-5</translation>
    </message>
    <message>
        <source>Which S2 maps (rows) feed each C3 map (columns); filled = connected</source>
        <translation>哪些 S2 特征图（行）输入到每张 C3 特征图（列）；实心 = 相连</translation>
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
        <source>Could not read the drawing. {reason}</source>
        <translation>无法识别这幅画。{reason}</translation>
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
        <source>PyTorch, needed for this, could not be loaded. {reason}</source>
        <translation>无法加载此功能所需的 PyTorch。{reason}</translation>
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
        <source>{network} · {params} parameters</source>
        <translation>{network} · {params} 个参数</translation>
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
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
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
    <name>ModelSwitcher</name>
    <message>
        <source>My LeNet-5</source>
        <translation>我的 LeNet-5</translation>
    </message>
    <message>
        <source>Which network reads your drawing: the common modern LeNet-5 (ReLU, max-pooling, softmax) or the original of 1998 (tanh, trainable subsampling, RBF output)</source>
        <translation>由哪个网络识别你的画作：常见的现代 LeNet-5（ReLU、最大池化、softmax）或 1998 年的原版（tanh、可训练下采样、RBF 输出层）</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
</context>
<context>
    <name>NetworkName</name>
    <message>
        <source>Modern LeNet-5</source>
        <translation>现代 LeNet-5</translation>
    </message>
    <message>
        <source>LeNet-5 (1998)</source>
        <translation>LeNet-5（1998 原版）</translation>
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
        <source>That does not look like a digit. Best guess {digit} ({percent})</source>
        <translation>这看起来不像数字。最可能是 {digit}（{percent}）</translation>
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
        <source>Number {number}; digit {n} of {count}: {digit}</source>
        <translation>数字串 {number}；第 {n} 个（共 {count} 个）：{digit}</translation>
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
        <source>That does not look like a digit</source>
        <translation>这看起来不像数字</translation>
    </message>
    <message>
        <source>Not sure — is this a digit?</source>
        <translation>不确定——这是数字吗？</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Digit {n} of {count}: {digit} · {percent}</source>
        <translation>第 {n} 个数字（共 {count} 个）：{digit} · {percent}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 文件</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>计算机</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>SaliencyOverlay</name>
    <message>
        <source>Why {digit}? What mattered, on and near your strokes:</source>
        <translation>为什么是 {digit}？笔画上及其附近起作用的地方：</translation>
    </message>
    <message>
        <source>more ink here: more sure of {digit}</source>
        <translation>这里多些笔迹：更确定是 {digit}</translation>
    </message>
    <message>
        <source>ink here speaks against {digit}</source>
        <translation>这里的笔迹不支持 {digit}</translation>
    </message>
</context>
<context>
    <name>SamplesDialog</name>
    <message>
        <source>Some files in the samples folder could not be used: {files}</source>
        <translation>样本文件夹中有些文件无法使用：{files}</translation>
    </message>
    <message>
        <source>Delete sample</source>
        <translation>删除样本</translation>
    </message>
    <message>
        <source>Delete this sample of a {digit}? It cannot be undone.</source>
        <translation>删除这个数字 {digit} 的样本？删除后无法恢复。</translation>
    </message>
    <message>
        <source>No samples yet. Draw a digit in the main window and choose “Add to my samples”.</source>
        <translation>还没有样本。在主窗口画一个数字，然后选择“添加到我的样本”。</translation>
    </message>
    <message>
        <source>{count} samples ({per_digit}). Select one and press Delete to remove it.</source>
        <translation>共 {count} 个样本（{per_digit}）。选中一个并按 Delete 键即可删除。</translation>
    </message>
    <message>
        <source>My handwriting samples</source>
        <translation>我的手写样本</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>No samples yet</source>
        <translation>还没有样本</translation>
    </message>
    <message>
        <source>Stored in {folder}</source>
        <translation>保存在 {folder}</translation>
    </message>
</context>
<context>
    <name>SlideMapView</name>
    <message>
        <source>Nothing drawn</source>
        <translation>什么也没画</translation>
    </message>
    <message>
        <source>Windows: {answers}; segmentation: {text}</source>
        <translation>各窗口：{answers}；切分结果：{text}</translation>
    </message>
</context>
<context>
    <name>TeachDialog</name>
    <message>
        <source>Draw the digit first.</source>
        <translation>请先写出这个数字。</translation>
    </message>
    <message>
        <source>Could not store the sample in {folder}: {reason}</source>
        <translation>无法把样本保存到 {folder}：{reason}</translation>
    </message>
    <message>
        <source>Write a {digit} ({done} of {total} drawings)</source>
        <translation>请写一个 {digit}（第 {done} 个，共 {total} 个）</translation>
    </message>
    <message>
        <source>Your network is ready.</source>
        <translation>你的网络已准备好。</translation>
    </message>
    <message>
        <source>On {count} of your drawings it did not learn from, it reads {before} % before and {after} % after.</source>
        <translation>在它没有学习过的 {count} 个你的手写数字上，识别率由 {before} % 变为 {after} %。</translation>
    </message>
    <message>
        <source>Teach it my handwriting</source>
        <translation>教它认我的笔迹</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一个(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Redo the last one</source>
        <translation>重写上一个(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>Learning your handwriting…</source>
        <translation>正在学习你的笔迹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Use it</source>
        <translation>使用它(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message>
        <source>It is checked when training starts.</source>
        <translation>开始训练时会检查该文件夹。</translation>
    </message>
    <message>
        <source>Preparing the data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>本批次结束后停止…</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Closing ends the run without testing it, so what it has learnt is not kept; the model in use stays. To keep the best weights so far, choose “Keep training” and press Cancel: the run stops after this batch and is tested.</source>
        <translation>关闭会直接结束训练而不做测试，已学到的内容不会保留；当前使用的模型不变。若要保留目前最好的权重，请选择“继续训练”，然后点“取消”：训练会在这一批之后停止并进行测试。</translation>
    </message>
    <message>
        <source>The main window now uses this model.</source>
        <translation>主窗口现在使用这个模型。</translation>
    </message>
    <message>
        <source>{name} is the model that comes with the app and is never overwritten. Choose another name.</source>
        <translation>{name} 是应用自带的模型，永远不会被覆盖。请换一个文件名。</translation>
    </message>
    <message>
        <source>Could not save {name}: {reason}. Free some disk space or choose another folder; the trained model is still here.</source>
        <translation>无法保存 {name}：{reason}。请腾出一些磁盘空间或换一个文件夹；训练好的模型仍然保留着。</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Epoch {epoch}: loss {loss}, training accuracy {train}, validation accuracy {val}, {seconds}, {rate} samples/s</source>
        <translation>第 {epoch} 轮：损失 {loss}，训练准确率 {train}，验证准确率 {val}，{seconds}，每秒 {rate} 个样本</translation>
    </message>
    <message>
        <source>Test image #{index}: a {true}; the network said {said} ({percent}). Click to put it on the canvas.</source>
        <translation>测试图片 #{index}：是 {true}，网络认成了 {said}（{percent}）。点击可放到画板上。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Diverged.</source>
        <translation>已发散。</translation>
    </message>
    <message>
        <source>Training diverged: the loss blew up or the network stopped learning. Lower the learning rate (for example to {lr}) and start again; the model in use is unchanged.</source>
        <translation>训练发散了：损失急剧增大，或网络不再学习。请降低学习率（例如改为 {lr}）后重新开始；正在使用的模型没有变化。</translation>
    </message>
    <message>
        <source>The weights of epoch {epoch} were kept: {accuracy} on the test set.</source>
        <translation>保留了第 {epoch} 轮的权重：测试集准确率 {accuracy}。</translation>
    </message>
    <message>
        <source>Training cancelled. The best weights so far (epoch {epoch}) were kept: {accuracy} on the test set.</source>
        <translation>训练已取消。保留了目前最好的权重（第 {epoch} 轮）：测试集准确率 {accuracy}。</translation>
    </message>
    <message>
        <source>Training cancelled during the first epoch; the weights as they were then score {accuracy} on the test set.</source>
        <translation>训练在第一轮中途取消；当时的权重在测试集上的准确率为 {accuracy}。</translation>
    </message>
    <message>
        <source>Training cancelled before it started; nothing was learnt.</source>
        <translation>训练在开始前就取消了，没有学到任何内容。</translation>
    </message>
    <message>
        <source>Training finished: {accuracy} on the test set. “Use this model” puts it to work in the main window; until then nothing there changes.</source>
        <translation>训练完成：测试集准确率 {accuracy}。点击“使用此模型”即可在主窗口中使用它；在此之前主窗口不会有任何变化。</translation>
    </message>
    <message>
        <source>Could not read MNIST: {reason}. Choose the folder with the four MNIST files, or click “Download MNIST”.</source>
        <translation>无法读取 MNIST：{reason}。请选择包含四个 MNIST 文件的文件夹，或点击“下载 MNIST”。</translation>
    </message>
    <message>
        <source>These settings cannot be trained: {reason}. Change them and start again.</source>
        <translation>这些设置无法训练：{reason}。请修改后重新开始。</translation>
    </message>
    <message>
        <source>Not enough memory to train ({reason}). Use a smaller batch size or fewer images, or close other programs.</source>
        <translation>内存不足，无法训练（{reason}）。请减小批大小或图片数量，或关闭其他程序。</translation>
    </message>
    <message>
        <source>Training failed: {reason}. The details are in the log.</source>
        <translation>训练失败：{reason}。详细信息见日志。</translation>
    </message>
    <message>
        <source>Failed; the model in use is unchanged.</source>
        <translation>失败；正在使用的模型没有变化。</translation>
    </message>
    <message>
        <source>{file} ({index} of {count}): {done} of {total} MB</source>
        <translation>{file}（第 {index} 个，共 {count} 个）：{done} / {total} MB</translation>
    </message>
    <message>
        <source>Downloaded and checked: ready to train.</source>
        <translation>已下载并校验：可以开始训练。</translation>
    </message>
    <message>
        <source>MNIST downloaded to {folder}</source>
        <translation>MNIST 已下载到 {folder}</translation>
    </message>
    <message>
        <source>Could not download MNIST: {reason}. Check the internet connection and try again, or copy the four MNIST files into a folder and choose it.</source>
        <translation>无法下载 MNIST：{reason}。请检查网络连接后重试，或把四个 MNIST 文件复制到一个文件夹并选择它。</translation>
    </message>
    <message>
        <source>Download cancelled; it goes on from there next time.</source>
        <translation>下载已取消；下次会从中断处继续。</translation>
    </message>
    <message>
        <source>Pausing after this batch…</source>
        <translation>本批次结束后暂停…</translation>
    </message>
    <message>
        <source>Paused. Resume any time; nothing is lost meanwhile.</source>
        <translation>已暂停。随时可以继续，期间不会丢失任何内容。</translation>
    </message>
    <message>
        <source>Test image #{index}: a {true}, read as {said}</source>
        <translation>测试图片 #{index}：是 {true}，被认成 {said}</translation>
    </message>
    <message>
        <source>The learning rate can be at most {max}: {typed} was set to {max}.</source>
        <translation>学习率最大为 {max}：{typed} 已改为 {max}。</translation>
    </message>
    <message>
        <source>Folder with the MNIST files</source>
        <translation>包含 MNIST 文件的文件夹</translation>
    </message>
    <message>
        <source>Save the trained model</source>
        <translation>保存训练好的模型</translation>
    </message>
    <message>
        <source>LeNet-5 weights (*.pt)</source>
        <translation>LeNet-5 权重 (*.pt)</translation>
    </message>
    <message>
        <source>MNIST is not on this computer yet: download it (11 MB) or choose a folder that has the four MNIST files.</source>
        <translation>这台电脑上还没有 MNIST：请下载（11 MB），或选择包含四个 MNIST 文件的文件夹。</translation>
    </message>
    <message>
        <source>MNIST found here.</source>
        <translation>已在此找到 MNIST。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stopped during the first epoch, after {time}</source>
        <translation>在第一轮中停止，用时 {time}</translation>
    </message>
    <message>
        <source>1 complete epoch in {time} · {rate} samples/s</source>
        <translation>完成 1 轮，用时 {time} · 每秒 {rate} 个样本</translation>
    </message>
    <message>
        <source>{epochs} complete epochs in {time} · {rate} samples/s on average</source>
        <translation>{time} 内完成 {epochs} 轮 · 平均每秒 {rate} 个样本</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Press “Start training” to begin.</source>
        <translation>点击“开始训练”即可开始。</translation>
    </message>
    <message>
        <source>Epoch {epoch} of {epochs}</source>
        <translation>第 {epoch} 轮，共 {epochs} 轮</translation>
    </message>
    <message>
        <source>A training run is still going. Stop it and close?</source>
        <translation>训练仍在进行。要停止并关闭吗？</translation>
    </message>
    <message>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>Loss {loss} · accuracy {accuracy} · {rate} samples/s · {eta} left</source>
        <translation>损失 {loss} · 准确率 {accuracy} · 每秒 {rate} 个样本 · 剩余 {eta}</translation>
    </message>
    <message>
        <source>Expected time: measuring this computer…</source>
        <translation>预计用时：正在测量本机速度…</translation>
    </message>
    <message>
        <source>Expected time: about {time} at {rate} samples/s, as measured here</source>
        <translation>预计用时：约 {time}（本机实测每秒 {rate} 个样本）</translation>
    </message>
    <message>
        <source>Test accuracy: –</source>
        <translation>测试准确率：–</translation>
    </message>
    <message>
        <source>After training, the test digits the network gets wrong appear here.</source>
        <translation>训练结束后，网络认错的测试数字会显示在这里。</translation>
    </message>
    <message>
        <source>Test accuracy: {accuracy} ({correct} of {total})</source>
        <translation>测试准确率：{accuracy}（{total} 个中对 {correct} 个）</translation>
    </message>
    <message>
        <source>No mistakes on the test set.</source>
        <translation>测试集上没有错误。</translation>
    </message>
    <message>
        <source>Mix in my samples ({count})</source>
        <translation>混入我的样本（{count} 个）</translation>
    </message>
    <message>
        <source>Train LeNet-5</source>
        <translation>训练 LeNet-5</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>MNIST folder</source>
        <translation>MNIST 文件夹</translation>
    </message>
    <message>
        <source>The folder with the four MNIST files (.gz or unpacked)</source>
        <translation>包含四个 MNIST 文件的文件夹（.gz 或已解压）</translation>
    </message>
    <message>
        <source>Choose the MNIST folder</source>
        <translation>选择 MNIST 文件夹</translation>
    </message>
    <message>
        <source>&amp;Download MNIST</source>
        <translation>下载 MNIST(&amp;D)</translation>
    </message>
    <message>
        <source>Download the four MNIST files (11 MB), checked against their checksums</source>
        <translation>下载四个 MNIST 文件（11 MB），并按校验和核对</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Architecture</source>
        <translation>网络结构(&amp;A)</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>&amp;Epochs</source>
        <translation>轮数(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>批大小(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学习率(&amp;L)</translation>
    </message>
    <message>
        <source>Au&amp;gmentation</source>
        <translation>数据增强(&amp;G)</translation>
    </message>
    <message>
        <source>Re&amp;draw</source>
        <translation>重绘(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Random seed</source>
        <translation>随机种子(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Training images</source>
        <translation>训练图片数(&amp;T)</translation>
    </message>
    <message>
        <source>T&amp;hreads</source>
        <translation>线程数(&amp;H)</translation>
    </message>
    <message>
        <source>Current weights (&amp;fine-tune)</source>
        <translation>从当前权重开始（微调）(&amp;F)</translation>
    </message>
    <message>
        <source>Continue from the model in use; needs the same architecture</source>
        <translation>从正在使用的模型继续训练；需要相同的网络结构</translation>
    </message>
    <message>
        <source>Distort digits like real drawings</source>
        <translation>像真实手写那样变形数字</translation>
    </message>
    <message>
        <source>Also learn canvas-style copies</source>
        <translation>也学习画布风格的副本</translation>
    </message>
    <message>
        <source>Adds a copy of every training image with one even stroke width, as your drawings reach the network: better on drawings. Preparing the copies of all of MNIST takes about 35 s on two cores before the first epoch.</source>
        <translation>为每张训练图片加一份笔画粗细均匀的副本，就像你的手写到达网络时那样：对手写更准。为整个 MNIST 准备这些副本在双核机器上约需 35 秒，之后才开始第一轮。</translation>
    </message>
    <message>
        <source>Peak learning rate of the one-cycle schedule</source>
        <translation>单周期学习率调度的峰值学习率</translation>
    </message>
    <message>
        <source>The same seed and settings give the same network</source>
        <translation>相同的种子和设置会得到相同的网络</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Compute threads for training, each taking a slice of every batch. Automatic: one per core, and one more for each core another program keeps busy</source>
        <translation>训练使用的计算线程数，每个线程处理每批数据的一部分。自动：每个核心一个线程，其他程序占用的每个核心再加一个</translation>
    </message>
    <message>
        <source>Train on the first N MNIST images only, for a quick try</source>
        <translation>只用前 N 张 MNIST 图片训练，便于快速尝试</translation>
    </message>
    <message>
        <source>My handwriting</source>
        <translation>我的手写</translation>
    </message>
    <message>
        <source>&amp;Weight</source>
        <translation>权重(&amp;W)</translation>
    </message>
    <message>
        <source>Each of your samples counts this many times per epoch</source>
        <translation>每个样本在每轮中计入的次数</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Stop after the current batch and keep the best weights so far</source>
        <translation>在当前批次后停止，并保留目前最好的权重</translation>
    </message>
    <message>
        <source>L&amp;og</source>
        <translation>日志(&amp;O)</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总进度</translation>
    </message>
    <message>
        <source>Progress of this epoch</source>
        <translation>本轮进度</translation>
    </message>
    <message>
        <source>Progress of the whole run</source>
        <translation>整个训练的进度</translation>
    </message>
    <message>
        <source>Result on the MNIST test set</source>
        <translation>MNIST 测试集上的结果</translation>
    </message>
    <message>
        <source>Confusion &amp;matrix</source>
        <translation>混淆矩阵(&amp;M)</translation>
    </message>
    <message>
        <source>Misclassified test digits (true → said); click one to draw it</source>
        <translation>错分样本（真实 → 网络回答）；点击一个可放到画板上</translation>
    </message>
    <message>
        <source>Misclassified test digits</source>
        <translation>错分样本</translation>
    </message>
    <message>
        <source>&amp;Use this model</source>
        <translation>使用此模型(&amp;U)</translation>
    </message>
    <message>
        <source>Use the trained network in the main window now</source>
        <translation>立即在主窗口中使用训练好的网络</translation>
    </message>
    <message>
        <source>Sa&amp;ve as…</source>
        <translation>另存为(&amp;V)…</translation>
    </message>
    <message>
        <source>Save the trained network as a weights file</source>
        <translation>把训练好的网络保存为权重文件</translation>
    </message>
    <message>
        <source>Test accuracy {accuracy}: {mistakes} of {total} test digits misread</source>
        <translation>测试准确率 {accuracy}：{total} 个测试数字中认错 {mistakes} 个</translation>
    </message>
    <message>
        <source>&amp;New random weights</source>
        <translation>从头训练(&amp;N)</translation>
    </message>
    <message>
        <source>Train from scratch, starting from random weights</source>
        <translation>从头训练，从随机权重开始</translation>
    </message>
</context>
<context>
    <name>TrainingActions</name>
    <message>
        <source>Trained {date}</source>
        <translation>训练于 {date}</translation>
    </message>
    <message>
        <source>Now using the model you trained</source>
        <translation>现在使用你训练的模型</translation>
    </message>
    <message>
        <source>({percent} % on MNIST test)</source>
        <translation>（MNIST 测试集 {percent} %）</translation>
    </message>
    <message>
        <source>Wait until a network is loaded.</source>
        <translation>请等待网络加载完成。</translation>
    </message>
    <message>
        <source>Now using My LeNet-5</source>
        <translation>现在使用我的 LeNet-5</translation>
    </message>
    <message>
        <source>Your own network could not be read: {reason}</source>
        <translation>无法读取你自己的网络：{reason}</translation>
    </message>
    <message>
        <source>Could not save your network in {file}: {reason}</source>
        <translation>无法把你的网络保存到 {file}：{reason}</translation>
    </message>
    <message>
        <source>Could not remove your network {file}: {reason}</source>
        <translation>无法删除你的网络 {file}：{reason}</translation>
    </message>
    <message>
        <source>Your own network was removed.</source>
        <translation>你自己的网络已删除。</translation>
    </message>
    <message>
        <source>Draw a digit first: there is nothing on the canvas to add.</source>
        <translation>请先画一个数字：画板上没有可添加的内容。</translation>
    </message>
    <message>
        <source>Could not store the sample in {folder}: {reason}</source>
        <translation>无法把样本保存到 {folder}：{reason}</translation>
    </message>
    <message>
        <source>Added as a {digit} to your samples ({count} in all)</source>
        <translation>已作为数字 {digit} 添加到你的样本（共 {count} 个）</translation>
    </message>
    <message>
        <source>&amp;Train…</source>
        <translation>训练(&amp;T)…</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Retrain LeNet-5 on MNIST and your own samples (Ctrl+T)</source>
        <translation>用 MNIST 和你自己的样本重新训练 LeNet-5（Ctrl+T）</translation>
    </message>
    <message>
        <source>&amp;Add to my samples…</source>
        <translation>添加到我的样本(&amp;A)…</translation>
    </message>
    <message>
        <source>Add sample</source>
        <translation>添加样本</translation>
    </message>
    <message>
        <source>Keep this drawing, with its digit, to teach the network (Ctrl+D)</source>
        <translation>保存这幅画及其数字，用来教网络（Ctrl+D）</translation>
    </message>
    <message>
        <source>&amp;My samples…</source>
        <translation>我的手写样本(&amp;M)…</translation>
    </message>
    <message>
        <source>My samples</source>
        <translation>我的样本</translation>
    </message>
    <message>
        <source>Review and delete your handwriting samples</source>
        <translation>查看和删除你的手写样本</translation>
    </message>
    <message>
        <source>T&amp;each it my handwriting…</source>
        <translation>教它认我的笔迹(&amp;E)…</translation>
    </message>
    <message>
        <source>Teach</source>
        <translation>教笔迹</translation>
    </message>
    <message>
        <source>Write each digit a few times; the network learns your handwriting</source>
        <translation>每个数字写几遍，网络就会学习你的笔迹</translation>
    </message>
    <message>
        <source>&amp;Remove My LeNet-5</source>
        <translation>删除我的 LeNet-5(&amp;R)</translation>
    </message>
    <message>
        <source>Remove mine</source>
        <translation>删除我的网络</translation>
    </message>
    <message>
        <source>Delete the network adapted to your handwriting</source>
        <translation>删除适应你笔迹的网络</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <source>No training yet</source>
        <translation>还没有训练</translation>
    </message>
    <message>
        <source>Training loss {loss}, accuracy {accuracy}</source>
        <translation>训练损失 {loss}，准确率 {accuracy}</translation>
    </message>
    <message>
        <source>validation loss {loss}, accuracy {accuracy}</source>
        <translation>验证损失 {loss}，准确率 {accuracy}</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Reading MNIST from {folder}…</source>
        <translation>正在从 {folder} 读取 MNIST…</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <source>Training cancelled</source>
        <translation>训练已取消</translation>
    </message>
    <message>
        <source>Training diverged ({detail})</source>
        <translation>训练发散（{detail}）</translation>
    </message>
    <message>
        <source>Mixing in {count} of your own samples, each {weight}× per epoch</source>
        <translation>混入你自己的 {count} 个样本，每轮各计 {weight} 次</translation>
    </message>
    <message>
        <source>You have no samples of your own to mix in yet</source>
        <translation>你还没有可以混入的样本</translation>
    </message>
    <message>
        <source>Training on {train} MNIST images, validating on {val}, testing on {test}</source>
        <translation>用 {train} 张 MNIST 图片训练，{val} 张验证，{test} 张测试</translation>
    </message>
    <message>
        <source>Redrawing the {count} training images as the canvas would…</source>
        <translation>正在按画布的方式重绘 {count} 张训练图片…</translation>
    </message>
    <message>
        <source>Testing on {count} images the network has never seen…</source>
        <translation>正在用网络从未见过的 {count} 张图片测试…</translation>
    </message>
</context>
<context>
    <name>UnitExplorer</name>
    <message>
        <source>Draw a digit to see how each unit computes its value.</source>
        <translation>画一个数字，看看每个单元如何计算出它的值。</translation>
    </message>
    <message>
        <source>input image</source>
        <translation>输入图像</translation>
    </message>
    <message>
        <source>S2 map {index}</source>
        <translation>S2 特征图 {index}</translation>
    </message>
    <message>
        <source>the input image</source>
        <translation>输入图像</translation>
    </message>
    <message>
        <source>S2 maps {maps}</source>
        <translation>S2 特征图 {maps}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{layer} map {map}, unit ({y}, {x})&lt;/b&gt; reads {reads}.</source>
        <translation>&lt;b&gt;{layer} 特征图 {map} 的单元 ({y}, {x})&lt;/b&gt; 读取 {reads}。</translation>
    </message>
    <message>
        <source>Σ patch × kernel = {value}</source>
        <translation>Σ 图块 × 卷积核 = {value}</translation>
    </message>
    <message>
        <source>+ bias {bias} = {total}</source>
        <translation>+ 偏置 {bias} = {total}</translation>
    </message>
    <message>
        <source>after the activation function: f({total}) = {value}</source>
        <translation>经过激活函数：f({total}) = {value}</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>特征图(&amp;M)</translation>
    </message>
    <message>
        <source>Enlarged map; hover a unit or use the arrow keys</source>
        <translation>放大的特征图；悬停在单元上或使用方向键</translation>
    </message>
    <message>
        <source>Hover a unit (or use the arrow keys) to see its sum</source>
        <translation>悬停在单元上（或使用方向键）查看它的求和过程</translation>
    </message>
    <message>
        <source>5×5</source>
        <translation>5×5</translation>
    </message>
    <message>
        <source>Input patch ({size}) that the unit sees</source>
        <translation>该单元看到的输入图块（{size}）</translation>
    </message>
    <message>
        <source>Kernel weights ({size})</source>
        <translation>卷积核权重（{size}）</translation>
    </message>
</context>
</TS>
