<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssistantMessage</name>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Show prompt</source>
        <translation>显示提示词</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>stopped at the length limit</source>
        <translation>已达长度上限</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>The answer could not be generated.</source>
        <translation>无法生成回答。</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <source>Word</source>
        <translation>Word</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 页</translation>
    </message>
    <message>
        <source>{count} pages</source>
        <translation>{count} 页</translation>
    </message>
    <message>
        <source>{kind}, {size}, {chars} characters</source>
        <translation>{kind}，{size}，{chars} 个字符</translation>
    </message>
    <message>
        <source>{blank} of its {pages} pages have no text layer (scanned images?): the model does not see what is on them.</source>
        <translation>{pages} 页中有 {blank} 页没有文本层（可能是扫描图像）：模型看不到这些页上的内容。</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
</context>
<context>
    <name>AttachmentController</name>
    <message>
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <source>Documents ({patterns});;All files (*)</source>
        <translation>文档 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>A message can take at most {count} documents; the others were not attached.</source>
        <translation>一条消息最多可附加 {count} 个文档；其余文件未附加。</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Wait a moment: {name} is still being read.</source>
        <translation>请稍候：仍在读取 {name}。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{chars} characters. Load a model to see how many tokens they take.</source>
        <translation>{chars} 个字符。加载模型后即可查看它们占用多少 token。</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>正在计算 token…</translation>
    </message>
    <message>
        <source>Wait a moment: the documents&apos; tokens are being counted.</source>
        <translation>请稍候：正在计算文档的 token 数。</translation>
    </message>
    <message>
        <source>Document: about {tokens} tokens (estimated; the server does not say its context size)</source>
        <translation>文档：约 {tokens} 个 token（估算值；服务器未告知其上下文长度）</translation>
    </message>
    <message>
        <source>Documents: about {tokens} tokens (estimated; the server does not say its context size)</source>
        <translation>文档：约 {tokens} 个 token（估算值；服务器未告知其上下文长度）</translation>
    </message>
    <message>
        <source>Document: {tokens} tokens · {free} free of {n_ctx}</source>
        <translation>文档：{tokens} 个 token · {n_ctx} 中剩余 {free}</translation>
    </message>
    <message>
        <source>Document: about {tokens} tokens (estimated) · {free} free of {n_ctx}</source>
        <translation>文档：约 {tokens} 个 token（估算值）· {n_ctx} 中剩余 {free}</translation>
    </message>
    <message>
        <source>Documents: {tokens} tokens · {free} free of {n_ctx}</source>
        <translation>文档：{tokens} 个 token · {n_ctx} 中剩余 {free}</translation>
    </message>
    <message>
        <source>Documents: about {tokens} tokens (estimated) · {free} free of {n_ctx}</source>
        <translation>文档：约 {tokens} 个 token（估算值）· {n_ctx} 中剩余 {free}</translation>
    </message>
    <message>
        <source>{reserve} tokens of the {n_ctx}-token context window are kept for the answer; the rest holds the system prompt, the conversation so far, your message and its documents.</source>
        <translation>{n_ctx} token 的上下文窗口中有 {reserve} 个 token 留给回答；其余用于系统提示词、已有对话、你的消息及其文档。</translation>
    </message>
    <message>
        <source>older messages will be left out to make room</source>
        <translation>较早的消息将被省略以腾出空间</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>{chars} characters</source>
        <translation>{chars} 个字符</translation>
    </message>
    <message>
        <source>{tokens} tokens</source>
        <translation>{tokens} 个 token</translation>
    </message>
    <message>
        <source>about {tokens} tokens</source>
        <translation>约 {tokens} 个 token</translation>
    </message>
</context>
<context>
    <name>BranchSwitcher</name>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>{current}/{count}</source>
        <translation>{current}/{count}</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Load a model first: choose one in the toolbar.</source>
        <translation>请先加载模型：在工具栏中选择一个。</translation>
    </message>
</context>
<context>
    <name>CodeBlock</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>{language} · the first {lines} lines</source>
        <translation>{language} · 前 {lines} 行</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Attach documents: text, Markdown, code, PDF or Word (or drop them here)</source>
        <translation>附加文档：文本、Markdown、代码、PDF 或 Word（也可以拖放到这里）</translation>
    </message>
    <message>
        <source>Attach documents</source>
        <translation>附加文档</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>停止回答（Esc）</translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
</context>
<context>
    <name>ConnectionEditor</name>
    <message>
        <source>office-gpu</source>
        <translation>office-gpu</translation>
    </message>
    <message>
        <source>Remove the saved API key</source>
        <translation>删除已保存的 API 密钥</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long the server may stay silent while it reads a long conversation or loads the model</source>
        <translation>服务器读取长对话或加载模型时，可以多久不发回任何内容</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>The server&apos;s OpenAI-compatible address. llama-server: http://HOST:8080/v1, Ollama: http://HOST:11434/v1, LM Studio: http://HOST:1234/v1, vLLM: http://HOST:8000/v1.</source>
        <translation>服务器的 OpenAI 兼容地址。llama-server：http://HOST:8080/v1，Ollama：http://HOST:11434/v1，LM Studio：http://HOST:1234/v1，vLLM：http://HOST:8000/v1。</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Wait for an answer up to</source>
        <translation>等待回答最多</translation>
    </message>
    <message>
        <source>New connection</source>
        <translation>新建连接</translation>
    </message>
    <message>
        <source>Edit connection</source>
        <translation>编辑连接</translation>
    </message>
    <message>
        <source>Saved ({hint}); type a new key to replace it</source>
        <translation>已保存（{hint}）；输入新密钥即可替换</translation>
    </message>
    <message>
        <source>Only if the server asks for one</source>
        <translation>仅在服务器要求时填写</translation>
    </message>
</context>
<context>
    <name>ConnectionRow</name>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Contact the server and say what it serves</source>
        <translation>联系服务器，看看它提供哪些模型</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>API key in the system keychain ({hint})</source>
        <translation>API 密钥保存在系统钥匙串中（{hint}）</translation>
    </message>
    <message>
        <source>API key kept for this session only ({hint})</source>
        <translation>API 密钥仅在本次运行期间保存（{hint}）</translation>
    </message>
    <message>
        <source>API key in a file only you can read ({hint})</source>
        <translation>API 密钥保存在只有你能读取的文件中（{hint}）</translation>
    </message>
    <message>
        <source>no API key</source>
        <translation>无 API 密钥</translation>
    </message>
    <message>
        <source>waits {seconds} s for an answer</source>
        <translation>等待回答 {seconds} 秒</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <source>No connections yet. Add one to chat with the models of a llama-server, Ollama, LM Studio or vLLM on this or another computer.</source>
        <translation>还没有连接。添加一个，即可与本机或其他电脑上的 llama-server、Ollama、LM Studio 或 vLLM 的模型聊天。</translation>
    </message>
    <message>
        <source>Add a connection</source>
        <translation>添加连接</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Models served by llama-server, vLLM, Ollama or LM Studio, on this computer or another, appear in the model picker beside the models on this computer. The server applies each model&apos;s chat template and settings.</source>
        <translation>由本机或其他电脑上的 llama-server、vLLM、Ollama 或 LM Studio 提供的模型，会与本机模型一起出现在模型选择器中。聊天模板和模型设置由服务器负责。</translation>
    </message>
    <message>
        <source>Offline mode is on: LlamaDesk uses only the servers on this computer (localhost). Turn it off in Settings to use the others.</source>
        <translation>离线模式已开启：LlamaDesk 只使用本机上的服务器（localhost）。如需使用其他服务器，请在“设置”中关闭离线模式。</translation>
    </message>
    <message>
        <source>{why} Choose where LlamaDesk keeps API keys:</source>
        <translation>{why}请选择 LlamaDesk 保存 API 密钥的位置：</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>删除连接</translation>
    </message>
    <message>
        <source>Remove the connection &quot;{name}&quot; and its saved API key? The server and its models are not touched.</source>
        <translation>删除连接“{name}”及其已保存的 API 密钥？服务器及其模型不受影响。</translation>
    </message>
</context>
<context>
    <name>ConversationFiles</name>
    <message>
        <source>Open a conversation to export it.</source>
        <translation>请先打开要导出的对话。</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <source>Import a conversation</source>
        <translation>导入对话</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Search all messages</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <source>Find conversations by title or by any message in them</source>
        <translation>按标题或对话中的任意消息查找对话</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>未找到结果</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>{title}
Last message {when}</source>
        <translation>{title}
最后一条消息：{when}</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Markdown…</source>
        <translation>Markdown…</translation>
    </message>
    <message>
        <source>JSON…</source>
        <translation>JSON…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Import conversation…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <source>at an unknown time</source>
        <translation>时间未知</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <source>%n beams</source>
        <comment>beam search</comment>
        <translation>%n 个束</translation>
    </message>
    <message>
        <source>{speed} tok/s</source>
        <translation>{speed} tok/s</translation>
    </message>
    <message>
        <source>First token after {time}</source>
        <translation>首个 token 用时 {time}</translation>
    </message>
    <message>
        <source>%n token(s)</source>
        <comment>generated tokens</comment>
        <translation>%n token</translation>
    </message>
    <message>
        <source>%n token(s) of reasoning</source>
        <comment>thinking tokens</comment>
        <translation>推理用了 %n 个 token</translation>
    </message>
    <message>
        <source>Found by beam search; log-probability {logprob}</source>
        <translation>由束搜索得出；对数概率 {logprob}</translation>
    </message>
    <message>
        <source>Finished because: {reason}</source>
        <translation>结束原因：{reason}</translation>
    </message>
    <message>
        <source>the answer was complete</source>
        <translation>模型已完成回答</translation>
    </message>
    <message>
        <source>it reached the length limit</source>
        <translation>已达到长度上限</translation>
    </message>
    <message>
        <source>you stopped it</source>
        <translation>你停止了回答</translation>
    </message>
    <message>
        <source>an error occurred</source>
        <translation>发生了错误</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>[image: {description}]</source>
        <translation>[图片：{description}]</translation>
    </message>
</context>
<context>
    <name>CopyButton</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>{amount:.1f} GiB free</source>
        <translation>可用 {amount:.1f} GiB</translation>
    </message>
    <message>
        <source>{layers} of {total} layers on {where}, as you chose.</source>
        <translation>按你的选择，{total} 层中的 {layers} 层在 {where} 上。</translation>
    </message>
    <message>
        <source>{layers} of {total} layers on {where}: that is what fits in {free}; the rest runs on the CPU.</source>
        <translation>{total} 层中的 {layers} 层在 {where} 上：{free}，只能放下这么多；其余部分在 CPU 上运行。</translation>
    </message>
    <message>
        <source>CPU only: {cause}</source>
        <translation>仅 CPU：{cause}</translation>
    </message>
    <message>
        <source>this build of llama.cpp has no GPU support. To use an NVIDIA GPU reinstall llama-cpp-python with CMAKE_ARGS=&quot;-DGGML_CUDA=on&quot;, on a Mac with CMAKE_ARGS=&quot;-DGGML_METAL=on&quot; (see the README).</source>
        <translation>此版本的 llama.cpp 不支持 GPU。要使用 NVIDIA GPU，请用 CMAKE_ARGS=&quot;-DGGML_CUDA=on&quot; 重新安装 llama-cpp-python；在 Mac 上请用 CMAKE_ARGS=&quot;-DGGML_METAL=on&quot;（见 README）。</translation>
    </message>
    <message>
        <source>this build supports {names}, but no {names} device was found. Check that the GPU driver is installed and up to date.</source>
        <translation>此版本支持 {names}，但未找到 {names} 设备。请检查 GPU 驱动是否已安装并为最新版本。</translation>
    </message>
    <message>
        <source>CPU only: you set GPU layers to none.</source>
        <translation>仅 CPU：你将 GPU 层数设为了“无”。</translation>
    </message>
    <message>
        <source>All {total} layers on {where}, as you chose.</source>
        <translation>按你的选择，全部 {total} 层都在 {where} 上。</translation>
    </message>
    <message>
        <source>CPU only: {where} has {free}, not enough for one layer at a context of {n_ctx:,} tokens. Try a smaller context or a smaller quantization.</source>
        <translation>仅 CPU：{where} {free}，在 {n_ctx:,} token 的上下文长度下连一层都放不下。请尝试更小的上下文长度或更小的量化版本。</translation>
    </message>
    <message>
        <source>All {total} layers on {where} ({free}).</source>
        <translation>全部 {total} 层都在 {where} 上（{free}）。</translation>
    </message>
    <message>
        <source>Context size must be between 256 and 1,048,576 tokens.</source>
        <translation>上下文长度必须在 256 到 1,048,576 token 之间。</translation>
    </message>
    <message>
        <source>Threads must be between 1 and 512.</source>
        <translation>线程数必须在 1 到 512 之间。</translation>
    </message>
    <message>
        <source>Batch size must be between 1 and 8192.</source>
        <translation>批大小必须在 1 到 8192 之间。</translation>
    </message>
    <message>
        <source>Flash attention must be &quot;auto&quot;, &quot;on&quot; or &quot;off&quot;.</source>
        <translation>Flash Attention 必须是“auto”、“on”或“off”。</translation>
    </message>
    <message>
        <source>KV cache type must be one of {types}.</source>
        <translation>KV 缓存类型必须是以下之一：{types}。</translation>
    </message>
    <message>
        <source>A quantized KV cache needs flash attention: set it to auto or on.</source>
        <translation>量化的 KV 缓存需要 Flash Attention：请将其设为“自动”或“开启”。</translation>
    </message>
    <message>
        <source>GPU layers must be &quot;auto&quot;, &quot;all&quot;, &quot;none&quot; or a number.</source>
        <translation>GPU 层数必须是“auto”、“all”、“none”或一个数字。</translation>
    </message>
    <message>
        <source>GPU layers must be between 0 and 10,000.</source>
        <translation>GPU 层数必须在 0 到 10,000 之间。</translation>
    </message>
    <message>
        <source>The model has no chat template; using the ChatML format.</source>
        <translation>该模型没有对话模板；将使用 ChatML 格式。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template does not compile ({error}); using ChatML.</source>
        <translation>该模型的对话模板无法编译（{error}）；将使用 ChatML。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template refused this conversation ({error}); using ChatML.</source>
        <translation>该模型的对话模板拒绝了此对话（{error}）；将使用 ChatML。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template tried to leave its sandbox ({error}); using ChatML.</source>
        <translation>该模型的对话模板试图逃出沙箱（{error}）；将使用 ChatML。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template failed ({kind}: {error}); using ChatML.</source>
        <translation>该模型的对话模板出错（{kind}：{error}）；将使用 ChatML。</translation>
    </message>
    <message>
        <source>There is nothing to answer: the conversation is empty.</source>
        <translation>没有可回答的内容：对话是空的。</translation>
    </message>
    <message>
        <source>The last message does not fit in the context window: the prompt needs {needed:,} tokens but only {budget:,} are available (part of the window is kept free for the answer). Shorten the message or the system prompt, or load the model with a larger context size.</source>
        <translation>最后一条消息超出了上下文窗口：提示需要 {needed:,} 个 token，但只有 {budget:,} 个可用（窗口中有一部分要留给回答）。请缩短消息或系统提示词，或以更大的上下文长度加载模型。</translation>
    </message>
    <message>
        <source>No system keychain was found on this computer (on Linux, install and unlock GNOME Keyring or KWallet).</source>
        <translation>本机上未找到系统钥匙串（在 Linux 上，请安装并解锁 GNOME Keyring 或 KWallet）。</translation>
    </message>
    <message>
        <source>The system keychain could not be opened ({error}).</source>
        <translation>无法打开系统钥匙串（{error}）。</translation>
    </message>
    <message>
        <source>That does not look like an access token: it has spaces or is too long. Copy it again from your Hugging Face settings (it starts with hf_).</source>
        <translation>这看起来不像访问令牌：其中有空格或长度过长。请从 Hugging Face 设置中重新复制（令牌以 hf_ 开头）。</translation>
    </message>
    <message>
        <source>LlamaDesk could not write {path} ({error}). Check that the models folder is writable, or choose another in Settings.</source>
        <translation>LlamaDesk 无法写入 {path}（{error}）。请检查模型文件夹是否可写，或在“设置”中选择其他文件夹。</translation>
    </message>
    <message>
        <source>LlamaDesk did not download &quot;{file}&quot; from {repo_id}: the name {why}, so the file could land outside the models folder.</source>
        <translation>LlamaDesk 没有下载 {repo_id} 中的“{file}”：该文件名{why}，文件可能会被保存到模型文件夹之外。</translation>
    </message>
    <message>
        <source>is empty, too long or has control characters</source>
        <translation>为空、过长或含有控制字符</translation>
    </message>
    <message>
        <source>is absolute or has a backslash or drive letter</source>
        <translation>是绝对路径，或含有反斜杠或盘符</translation>
    </message>
    <message>
        <source>goes through a link that leads elsewhere</source>
        <translation>经过了指向别处的链接</translation>
    </message>
    <message>
        <source>The disk is full: {folder} has no space left. The partial download is kept; free some space and resume it.</source>
        <translation>磁盘已满：{folder} 没有剩余空间。未完成的下载已保留；请释放一些空间后继续下载。</translation>
    </message>
    <message>
        <source>Not enough disk space for {name}: it needs {needed} more, but only {free} is free in {folder}. Free some space, or choose another models folder in Settings.</source>
        <translation>磁盘空间不足，无法下载 {name}：还需要 {needed}，但 {folder} 中只有 {free} 可用。请释放一些空间，或在“设置”中选择其他模型文件夹。</translation>
    </message>
    <message>
        <source>belongs to an invalid repository</source>
        <translation>属于一个无效的仓库</translation>
    </message>
    <message>
        <source>has an empty, &apos;.&apos; or &apos;..&apos; component</source>
        <translation>含有空的、“.”或“..”路径部分</translation>
    </message>
    <message>
        <source>uses a name Windows reserves</source>
        <translation>使用了 Windows 保留的名称</translation>
    </message>
    <message>
        <source>&quot;{file}&quot; arrived damaged twice ({problem}) and was deleted. The connection or a proxy may be corrupting data: try again later or on another network.</source>
        <translation>“{file}”两次下载都已损坏（{problem}），已被删除。可能是网络连接或代理损坏了数据：请稍后重试，或换一个网络。</translation>
    </message>
    <message>
        <source>{size:,} bytes instead of {expected:,}</source>
        <translation>{size:,} 字节，而不是 {expected:,} 字节</translation>
    </message>
    <message>
        <source>sha256 mismatch</source>
        <translation>sha256 不匹配</translation>
    </message>
    <message>
        <source>The server closed the connection early.</source>
        <translation>服务器过早关闭了连接。</translation>
    </message>
    <message>
        <source>{error} Trying again in {delay:g} s ({attempt} of {attempts}).</source>
        <translation>{error}将在 {delay:g} 秒后重试（第 {attempt}/{attempts} 次）。</translation>
    </message>
    <message>
        <source>The download stopped because of an unexpected error ({error}).</source>
        <translation>下载因意外错误而停止（{error}）。</translation>
    </message>
    <message>
        <source>The download is complete but could not replace {path} ({error}). Unload the model using it and resume.</source>
        <translation>下载已完成，但无法替换 {path}（{error}）。请卸载正在使用它的模型，然后继续。</translation>
    </message>
    <message>
        <source>&quot;{path}&quot; is a link: LlamaDesk does not write through it.</source>
        <translation>“{path}”是一个链接：LlamaDesk 不会通过链接写入文件。</translation>
    </message>
    <message>
        <source>{error} LlamaDesk tried {failures} times; the partial download is kept, so resuming later continues where it stopped.</source>
        <translation>{error}LlamaDesk 已尝试 {failures} 次；未完成的下载已保留，稍后继续时会从中断处接着下载。</translation>
    </message>
    <message>
        <source>The server sent the wrong part.</source>
        <translation>服务器发送了错误的部分。</translation>
    </message>
    <message>
        <source>llama.cpp loaded {name} but could not create a context of {n_ctx:,} tokens, most likely for lack of memory. Try a smaller context size, a smaller quantization or a quantized KV cache.</source>
        <translation>llama.cpp 已加载 {name}，但无法创建 {n_ctx:,} token 的上下文，很可能是内存不足。请尝试更小的上下文长度、更小的量化版本或量化的 KV 缓存。</translation>
    </message>
    <message>
        <source>{message} ({detail})</source>
        <translation>{message}（{detail}）</translation>
    </message>
    <message>
        <source>The prompt could not be tokenized.</source>
        <translation>无法对提示进行分词。</translation>
    </message>
    <message>
        <source>The conversation is longer than the context window ({n_ctx:,} tokens): the oldest {dropped} message(s) were left out of the prompt.</source>
        <translation>对话超出了上下文窗口（{n_ctx:,} token）：最早的 {dropped} 条消息未放入提示中。</translation>
    </message>
    <message>
        <source>No model is loaded. Choose a model first.</source>
        <translation>尚未加载模型。请先选择一个模型。</translation>
    </message>
    <message>
        <source>Loading the model was cancelled.</source>
        <translation>已取消加载模型。</translation>
    </message>
    <message>
        <source>The context window ({n_ctx:,} tokens) is full.</source>
        <translation>上下文窗口（{n_ctx:,} token）已满。</translation>
    </message>
    <message>
        <source>Generation failed: {error}</source>
        <translation>生成失败：{error}</translation>
    </message>
    <message>
        <source>Loading failed unexpectedly: {error}</source>
        <translation>加载意外失败：{error}</translation>
    </message>
    <message>
        <source>at a context of {n_ctx:,} tokens</source>
        <translation>（上下文长度为 {n_ctx:,} token 时）</translation>
    </message>
    <message>
        <source>(a rough estimate from the file size)</source>
        <translation>（根据文件大小粗略估计）</translation>
    </message>
    <message>
        <source>{quantization} is the largest quantization that fits ({verdict}).</source>
        <translation>{quantization} 是能放得下的最大量化版本（{verdict}）。</translation>
    </message>
    <message>
        <source>too big</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>needs {ram} of RAM and {vram} on the GPU</source>
        <translation>需要 {ram} 内存和 {vram} 显存</translation>
    </message>
    <message>
        <source>needs {ram} of RAM</source>
        <translation>需要 {ram} 内存</translation>
    </message>
    <message>
        <source>Too big: it {needs} {context}, but this computer has {total}. Choose a smaller quantization or context.</source>
        <translation>太大：它{needs}{context}，但本机只有 {total}。请选择更小的量化版本或上下文长度。</translation>
    </message>
    <message>
        <source>{gpu} ({free} free)</source>
        <translation>{gpu}（可用 {free}）</translation>
    </message>
    <message>
        <source>Fits on the GPU: {what} on {where}; it {needs} {context}.</source>
        <translation>可完全放入 GPU：{what}都在 {where}上；它{needs}{context}。</translation>
    </message>
    <message>
        <source>Partly on the GPU: {what} on {where}, the rest runs on the CPU, more slowly; it {needs} {context}.</source>
        <translation>部分放入 GPU：{what} {where}，其余部分在 CPU 上运行，速度较慢；它{needs}{context}。</translation>
    </message>
    <message>
        <source>CPU only: it {needs} {context}; {cause}</source>
        <translation>仅 CPU：它{needs}{context}；{cause}</translation>
    </message>
    <message>
        <source>CPU only: not even one layer fits on {where}; it {needs} {context}. A smaller quantization or context may fit on the GPU.</source>
        <translation>仅 CPU：{where}连一层都放不下；它{needs}{context}。换用更小的量化版本或上下文长度，也许就能放入 GPU。</translation>
    </message>
    <message>
        <source>{quantization} is 4-bit, the usual balance, and it fits ({verdict}).</source>
        <translation>{quantization} 是 4 位量化，兼顾大小与质量的常见选择，而且能放得下（{verdict}）。</translation>
    </message>
    <message>
        <source>fits on GPU</source>
        <translation>可完全放入 GPU</translation>
    </message>
    <message>
        <source>partly on GPU</source>
        <translation>部分放入 GPU</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <source>{verdict} Only {free} is free now: close other programs first.</source>
        <translation>{verdict}当前只有 {free} 可用：请先关闭其他程序。</translation>
    </message>
    <message>
        <source>all {total} layers</source>
        <translation>全部 {total} 层</translation>
    </message>
    <message>
        <source>the whole model</source>
        <translation>整个模型</translation>
    </message>
    <message>
        <source>{layers} of {total} layers fit</source>
        <translation>{total} 层中有 {layers} 层可以放入</translation>
    </message>
    <message>
        <source>part of the model fits</source>
        <translation>模型的一部分可以放入</translation>
    </message>
    <message>
        <source>{quantization} is the usual balance of size and quality; it fits ({verdict}).</source>
        <translation>{quantization} 是兼顾大小与质量的常见选择；它能放得下（{verdict}）。</translation>
    </message>
    <message>
        <source>{name} needs about {needed} of memory at a context of {n_ctx:,} tokens, but this computer has {have}. Choose a smaller quantization of the model, a smaller context size, or more GPU layers.</source>
        <translation>在 {n_ctx:,} token 的上下文长度下，{name} 大约需要 {needed} 内存，但本机只有 {have}。请选择该模型更小的量化版本、更小的上下文长度，或更多的 GPU 层数。</translation>
    </message>
    <message>
        <source>no GPU was found.</source>
        <translation>未找到 GPU。</translation>
    </message>
    <message>
        <source>{done}/{total} layers on {backend}. {reason}</source>
        <translation>{backend} 上有 {done}/{total} 层。{reason}</translation>
    </message>
    <message>
        <source>There is no connection named &quot;{name}&quot;. Saved connections: {names}.</source>
        <translation>没有名为“{name}”的连接。已保存的连接：{names}。</translation>
    </message>
    <message>
        <source>There is already a connection named &quot;{name}&quot;. Add --replace to replace it, or choose another name.</source>
        <translation>已有名为“{name}”的连接。加上 --replace 可替换它，或换一个名称。</translation>
    </message>
    <message>
        <source>The environment variable {variable} holds no API key: set it, or leave out --api-key-env.</source>
        <translation>环境变量 {variable} 中没有 API 密钥：请设置它，或去掉 --api-key-env。</translation>
    </message>
    <message>
        <source>No system keychain was found on this computer. Add --key-storage file to keep the API key in a file that only you can read, or install and unlock GNOME Keyring or KWallet.</source>
        <translation>这台电脑上没有找到系统钥匙串。加上 --key-storage file 可将 API 密钥保存到只有你能读取的文件中，或者安装并解锁 GNOME Keyring 或 KWallet。</translation>
    </message>
    <message>
        <source>Choosing the model was cancelled.</source>
        <translation>已取消选择模型。</translation>
    </message>
    <message>
        <source>The environment variable {name} is empty or not set.</source>
        <translation>环境变量 {name} 为空或未设置。</translation>
    </message>
    <message>
        <source>Give the connection a name of 1 to {max} characters, e.g. office-gpu.</source>
        <translation>请为连接取一个 1 到 {max} 个字符的名称，例如 office-gpu。</translation>
    </message>
    <message>
        <source>There is already a connection named &quot;{name}&quot;. Choose another name.</source>
        <translation>已有名为“{name}”的连接。请换一个名称。</translation>
    </message>
    <message>
        <source>The time to wait for the server must be between {low:g} and {high:g} seconds.</source>
        <translation>等待服务器的时间必须在 {low:g} 到 {high:g} 秒之间。</translation>
    </message>
    <message>
        <source>A saved connection is not readable.</source>
        <translation>有一个已保存的连接无法读取。</translation>
    </message>
    <message>
        <source>the API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>That does not look like an API key: it has spaces or is too long. Copy it again from the server&apos;s settings.</source>
        <translation>这看起来不像 API 密钥：其中有空格或太长。请从服务器的设置中重新复制。</translation>
    </message>
    <message>
        <source>Offline mode is on, so LlamaDesk does not connect to {name} ({address}): offline, only servers on this computer (localhost) are used. Turn offline mode off in the model manager&apos;s settings to use it.</source>
        <translation>离线模式已开启，因此 LlamaDesk 不会连接 {name}（{address}）：离线时只使用本机上的服务器（localhost）。如需使用它，请在模型管理器的设置中关闭离线模式。</translation>
    </message>
    <message>
        <source>Reachable: {server} at {address} serves {count} models: {models}.</source>
        <translation>可以连接：{address} 上的 {server} 提供 {count} 个模型：{models}。</translation>
    </message>
    <message>
        <source>Reachable: {server} at {address}, but it serves no model yet. Load or pull one on the server.</source>
        <translation>可以连接：{address} 上的 {server}，但它还没有提供任何模型。请在服务器上加载或拉取一个模型。</translation>
    </message>
    <message>
        <source>Reachable: {server} at {address} serves one model: {models}.</source>
        <translation>可以连接：{address} 上的 {server} 提供 1 个模型：{models}。</translation>
    </message>
    <message>
        <source>{model} (context {n_ctx:,} tokens)</source>
        <translation>{model}（上下文 {n_ctx:,} 个词元）</translation>
    </message>
    <message>
        <source>{count} more</source>
        <translation>另外 {count} 个</translation>
    </message>
    <message>
        <source>The model&apos;s chat template is too large; using ChatML.</source>
        <translation>模型的聊天模板过大；改用 ChatML 格式。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template takes too long to render; using ChatML. The model may answer less well: look for a newer version of its file.</source>
        <translation>模型的聊天模板渲染耗时过长；改用 ChatML 格式。模型的回答可能会变差：请寻找该模型文件的新版本。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template builds text far larger than the conversation; using ChatML. The model may answer less well: look for a newer version of its file.</source>
        <translation>模型的聊天模板生成的文本远大于对话本身；改用 ChatML 格式。模型的回答可能会变差：请寻找该模型文件的新版本。</translation>
    </message>
    <message>
        <source>{server} on {host}</source>
        <translation>{host} 上的 {server}</translation>
    </message>
    <message>
        <source>{server} at {address} runs this model (it does not say its context size); LlamaDesk sends it the conversation and shows its answer.</source>
        <translation>{address} 上的 {server} 运行此模型（它没有说明上下文大小）；LlamaDesk 把对话发给它并显示它的回答。</translation>
    </message>
    <message>
        <source>{server} at {address} runs this model with a context of {n_ctx:,} tokens; LlamaDesk sends it the conversation and shows its answer.</source>
        <translation>{address} 上的 {server} 以 {n_ctx:,} 个词元的上下文运行此模型；LlamaDesk 把对话发给它并显示它的回答。</translation>
    </message>
    <message>
        <source>The prompt could not be rendered: {error}</source>
        <translation>无法渲染提示词：{error}</translation>
    </message>
    <message>
        <source>The prompt needs {needed:,} tokens but the context window holds {n_ctx:,}. Shorten the conversation or load the model with a larger context size.</source>
        <translation>提示词需要 {needed:,} 个 token，但上下文窗口只能容纳 {n_ctx:,} 个。请缩短对话，或以更大的上下文长度加载模型。</translation>
    </message>
    <message>
        <source>The JSON schema cannot be followed: {error}</source>
        <translation>无法遵循该 JSON 模式：{error}</translation>
    </message>
    <message>
        <source>The grammar could not be read: {detail}</source>
        <translation>无法读取语法：{detail}</translation>
    </message>
    <message>
        <source>The attached documents take {needed} tokens, but only {room:,} fit in the context window of {n_ctx:,} tokens (a part of it is kept for the answer). Load the model with a larger context size, attach fewer documents, or attach only the parts you need.</source>
        <translation>附加的文档需要 {needed} 个 token，但 {n_ctx:,} token 的上下文窗口中只能容纳 {room:,} 个（其中一部分要留给回答）。请以更大的上下文长度加载模型、少附加一些文档，或只附加需要的部分。</translation>
    </message>
    <message>
        <source>about {count:,}</source>
        <translation>约 {count:,}</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; takes {needed} tokens, but only {room:,} fit in the context window of {n_ctx:,} tokens (a part of it is kept for the answer). Load the model with a larger context size, or attach only the part of the document you need.</source>
        <translation>“{name}”需要 {needed} 个 token，但 {n_ctx:,} token 的上下文窗口中只能容纳 {room:,} 个（其中一部分要留给回答）。请以更大的上下文长度加载模型，或只附加文档中需要的部分。</translation>
    </message>
    <message>
        <source>Unknown task &quot;{kind}&quot;.</source>
        <translation>未知的任务“{kind}”。</translation>
    </message>
    <message>
        <source>Unknown language &quot;{code}&quot;.</source>
        <translation>未知的语言“{code}”。</translation>
    </message>
    <message>
        <source>Choose two different languages to translate between.</source>
        <translation>请选择两种不同的语言进行翻译。</translation>
    </message>
    <message>
        <source>Unknown summary length &quot;{length}&quot;.</source>
        <translation>未知的摘要长度“{length}”。</translation>
    </message>
    <message>
        <source>it has no document part</source>
        <translation>其中没有文档部分</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is not a valid Word document ({problem}). Open it in Word or LibreOffice and save it again as .docx (or as PDF), then attach that.</source>
        <translation>“{name}”不是有效的 Word 文档（{problem}）。请在 Word 或 LibreOffice 中打开它，重新另存为 .docx（或 PDF），然后附加新文件。</translation>
    </message>
    <message>
        <source>one of its parts is larger than a document may be</source>
        <translation>其中某个部分超出了文档允许的大小</translation>
    </message>
    <message>
        <source>it is not a ZIP package</source>
        <translation>它不是 ZIP 包</translation>
    </message>
    <message>
        <source>it holds a document type declaration</source>
        <translation>其中含有文档类型声明</translation>
    </message>
    <message>
        <source>its XML is damaged at line {line}, column {column}</source>
        <translation>其 XML 在第 {line} 行第 {column} 列损坏</translation>
    </message>
    <message>
        <source>its ZIP package is damaged</source>
        <translation>其 ZIP 包已损坏</translation>
    </message>
    <message>
        <source>it uses a compression or encryption LlamaDesk cannot read</source>
        <translation>它使用了 LlamaDesk 无法读取的压缩或加密方式</translation>
    </message>
    <message>
        <source>The text of &quot;{name}&quot; is longer than {limit:,} characters, far more than a model&apos;s context window holds. Attach the part you need.</source>
        <translation>“{name}”的文本超过 {limit:,} 个字符，远超模型上下文窗口的容量。请只附加需要的部分。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is protected by a password. LlamaDesk cannot open encrypted PDFs: open it in a PDF viewer with its password, save a copy without one, and attach that.</source>
        <translation>“{name}”受密码保护。LlamaDesk 无法打开加密的 PDF：请用 PDF 阅读器输入密码打开它，另存一份无密码的副本，然后附加该副本。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; cannot be read as a PDF ({problem}). It may be damaged or not a PDF at all: open it in a PDF viewer and save it again as a new PDF, then attach that.</source>
        <translation>无法将“{name}”作为 PDF 读取（{problem}）。它可能已损坏，或根本不是 PDF：请在 PDF 阅读器中打开并另存为新的 PDF，然后附加新文件。</translation>
    </message>
    <message>
        <source>it has no pages</source>
        <translation>它没有任何页面</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; has {count:,} pages; LlamaDesk reads PDFs of up to {limit:,} pages. Save the pages you need as a new PDF and attach that.</source>
        <translation>“{name}”有 {count:,} 页；LlamaDesk 最多读取 {limit:,} 页的 PDF。请将需要的页面另存为新的 PDF，然后附加它。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; has no text layer: its pages are scanned images, and LlamaDesk cannot read text from images. Make its text readable with OCR (for example the text recognition of your PDF viewer, or ocrmypdf) and attach the result, or copy the text you need into the message.</source>
        <translation>“{name}”没有文本层：它的页面是扫描图像，而 LlamaDesk 无法从图像中读取文字。请先用 OCR 识别其中的文字（例如 PDF 阅读器的文字识别功能或 ocrmypdf），再附加识别结果，或将需要的文字复制到消息中。</translation>
    </message>
    <message>
        <source>a part of it inflates to more than a page may hold</source>
        <translation>其中某个部分解压后超出了一页允许的大小</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is {size}; LlamaDesk attaches {what} of up to {limit}. Attach the part you need (save it as a file of its own).</source>
        <translation>“{name}”大小为 {size}；LlamaDesk 可附加的{what}最大为 {limit}。请只附加需要的部分（另存为单独的文件）。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; cannot be read: {error}.</source>
        <translation>无法读取“{name}”：{error}。</translation>
    </message>
    <message>
        <source>the reader stopped with exit code {code}</source>
        <translation>读取进程以退出码 {code} 结束</translation>
    </message>
    <message>
        <source>Reading &quot;{name}&quot; failed ({error}). The file may be damaged.</source>
        <translation>读取“{name}”失败（{error}）。文件可能已损坏。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is a folder. Attach the files in it one by one.</source>
        <translation>“{name}”是一个文件夹。请逐个附加其中的文件。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is not a regular file, so it cannot be attached.</source>
        <translation>“{name}”不是普通文件，无法附加。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is empty: there is no text in it to attach.</source>
        <translation>“{name}”是空的：其中没有可以附加的文字。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is an old Word document (.doc), which LlamaDesk cannot read. Open it in Word or LibreOffice, save it as .docx or PDF, and attach that.</source>
        <translation>“{name}”是旧版 Word 文档（.doc），LlamaDesk 无法读取。请在 Word 或 LibreOffice 中打开它，另存为 .docx 或 PDF，然后附加新文件。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is an image. LlamaDesk reads the text of documents, not images: attach a text, PDF or Word file, or type the text you need into the message.</source>
        <translation>“{name}”是一张图片。LlamaDesk 读取的是文档中的文字，而不是图片：请附加文本、PDF 或 Word 文件，或将需要的文字输入到消息中。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is not a text file: it holds binary data. LlamaDesk attaches text, Markdown and source code files, PDF documents with a text layer, and Word documents (.docx).</source>
        <translation>“{name}”不是文本文件：其中是二进制数据。LlamaDesk 可以附加文本、Markdown 和源代码文件、带文本层的 PDF 文档以及 Word 文档（.docx）。</translation>
    </message>
    <message>
        <source>Reading &quot;{name}&quot; needed more memory than a document may take, and was stopped. The file may be damaged, or built to exhaust memory: open it in the program that made it and save it again.</source>
        <translation>读取“{name}”所需的内存超出了文档允许的上限，已停止。文件可能已损坏，或被刻意构造为耗尽内存：请在生成它的程序中打开并重新保存。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; is protected by a password, or is an old Word document renamed to .docx. Open it in Word or LibreOffice, save it as a new .docx without a password, and attach that.</source>
        <translation>“{name}”受密码保护，或是被改名为 .docx 的旧版 Word 文档。请在 Word 或 LibreOffice 中打开它，另存为无密码的新 .docx 文件，然后附加该文件。</translation>
    </message>
    <message>
        <source>&quot;{name}&quot; grew while it was read.</source>
        <translation>“{name}”在读取过程中变大了。</translation>
    </message>
    <message>
        <source>PDF and Word documents</source>
        <translation>PDF 和 Word 文档</translation>
    </message>
    <message>
        <source>text files</source>
        <translation>文本文件</translation>
    </message>
    <message>
        <source>Reading &quot;{name}&quot; was cancelled.</source>
        <translation>已取消读取“{name}”。</translation>
    </message>
    <message>
        <source>Reading &quot;{name}&quot; took more than {seconds:.0f} seconds and was stopped. The file may be damaged, or built to be slow to read: open it in the program that made it and save it again.</source>
        <translation>读取“{name}”超过了 {seconds:.0f} 秒，已停止。文件可能已损坏，或被刻意构造为难以读取：请在生成它的程序中打开并重新保存。</translation>
    </message>
    <message>
        <source>The text could not be tokenized: {error}</source>
        <translation>无法对文本进行分词：{error}</translation>
    </message>
    <message>
        <source>The engine stopped unexpectedly ({how}), and the model with it. Your conversations are safe. Load the model again; if this happens again with the same model, the file may be damaged or need a newer version of llama.cpp.</source>
        <translation>引擎意外停止（{how}），模型也随之停止。你的对话是安全的。请重新加载模型；如果同一个模型再次出现这种情况，可能是文件已损坏，或需要更新版本的 llama.cpp。</translation>
    </message>
    <message>
        <source>{stopped} llama.cpp said: {said}</source>
        <translation>{stopped}llama.cpp 的报告：{said}</translation>
    </message>
    <message>
        <source>The engine stopped: this build of llama.cpp used a processor instruction that this computer, or the virtual machine it runs in, does not allow (SIGILL). Your conversations are safe. Reinstall llama-cpp-python built for this processor (see Troubleshooting in the README), or use the LlamaDesk installer, whose llama.cpp is built for a wide range of processors.</source>
        <translation>引擎已停止：此版本的 llama.cpp 使用了本机（或其所在的虚拟机）不允许的处理器指令（SIGILL）。你的对话是安全的。请重新安装为此处理器构建的 llama-cpp-python（见 README 中的“故障排除”），或使用 LlamaDesk 安装程序，其中的 llama.cpp 适用于多种处理器。</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>退出代码 {code}</translation>
    </message>
    <message>
        <source>signal {name}</source>
        <translation>信号 {name}</translation>
    </message>
    <message>
        <source>signal {number}</source>
        <translation>信号 {number}</translation>
    </message>
    <message>
        <source>Reasoning effort must be low, medium or high.</source>
        <translation>推理强度必须是低、中或高。</translation>
    </message>
    <message>
        <source>The thinking budget must be between 0 (no limit) and {max:,} tokens.</source>
        <translation>思考预算必须在 0（不限）到 {max:,} 个 token 之间。</translation>
    </message>
    <message>
        <source>thinking on/off</source>
        <translation>思考开关</translation>
    </message>
    <message>
        <source>reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>thinking budget</source>
        <translation>思考预算</translation>
    </message>
    <message>
        <source>top-k</source>
        <translation>top-k</translation>
    </message>
    <message>
        <source>min-p</source>
        <translation>min-p</translation>
    </message>
    <message>
        <source>repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>repeat window</source>
        <translation>重复窗口</translation>
    </message>
    <message>
        <source>grammar</source>
        <translation>语法</translation>
    </message>
    <message>
        <source>beam search</source>
        <translation>束搜索</translation>
    </message>
    <message>
        <source>{server} does not apply these settings, so they were not used: {names}.</source>
        <translation>{server} 不支持以下设置，因此未使用：{names}。</translation>
    </message>
    <message>
        <source>{server} continues this text as it is. The token count is an estimate: the server&apos;s tokenizer is not at hand.</source>
        <translation>{server} 会按原样续写这段文字。token 数是估算的：手边没有该服务器的分词器。</translation>
    </message>
    <message>
        <source>No model is chosen on {server}: choose one first.</source>
        <translation>尚未在 {server} 上选择模型：请先选择一个。</translation>
    </message>
    <message>
        <source>{server} may not carry on an unfinished answer: what it wrote may start anew.</source>
        <translation>{server} 可能无法接着未完成的回答继续：它写的内容可能会重新开始。</translation>
    </message>
    <message>
        <source>{server} writes the prompt itself with the model&apos;s chat template: LlamaDesk sends it the messages, so it cannot show the prompt.</source>
        <translation>{server} 会用模型的聊天模板自行生成提示词：LlamaDesk 只发送消息，因此无法显示提示词。</translation>
    </message>
    <message>
        <source>The answer broke off after {tokens} tokens: {reason} The part that arrived is kept.</source>
        <translation>回答在 {tokens} 个词元后中断：{reason}已收到的部分已保留。</translation>
    </message>
    <message>
        <source>{server} does not serve a model &quot;{model}&quot;. It serves: {models}.</source>
        <translation>{server} 没有提供模型“{model}”。它提供的模型：{models}。</translation>
    </message>
    <message>
        <source>{server} refused the settings LlamaDesk sends beside the standard ones ({names}), so the answer was asked for without them.</source>
        <translation>{server} 拒绝了 LlamaDesk 在标准参数之外发送的设置（{names}），因此在不带这些设置的情况下请求了回答。</translation>
    </message>
    <message>
        <source>The connection to {server} stopped unexpectedly ({error}). Choose the model again.</source>
        <translation>与 {server} 的连接意外停止（{error}）。请重新选择模型。</translation>
    </message>
    <message>
        <source>{first}, {rest}</source>
        <translation>{first}、{rest}</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s llama-server</source>
        <translation>llama.cpp 的 llama-server</translation>
    </message>
    <message>
        <source>vLLM</source>
        <translation>vLLM</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>llama-cpp-python&apos;s server</source>
        <translation>llama-cpp-python 的服务器</translation>
    </message>
    <message>
        <source>an OpenAI-compatible server</source>
        <translation>OpenAI 兼容服务器</translation>
    </message>
    <message>
        <source>{server} {version}</source>
        <translation>{server} {version}</translation>
    </message>
    <message>
        <source>The request to {server} failed: {error}</source>
        <translation>向 {server} 发出的请求失败：{error}</translation>
    </message>
    <message>
        <source>The connection to {address} failed ({error}).</source>
        <translation>与 {address} 的连接失败（{error}）。</translation>
    </message>
    <message>
        <source>{server} refused the request (HTTP {status}): {message}</source>
        <translation>{server} 拒绝了请求（HTTP {status}）：{message}</translation>
    </message>
    <message>
        <source>&quot;{address}&quot; is not a server address. Write it like http://192.168.1.20:8080/v1 (http:// or https://, the computer&apos;s name or address, the port, /v1).</source>
        <translation>“{address}”不是服务器地址。请写成 http://192.168.1.20:8080/v1 这样的形式（http:// 或 https://、电脑的名称或地址、端口、/v1）。</translation>
    </message>
    <message>
        <source>Leave the user name and password out of the address: put the API key in its own field, where it is kept in the system keychain.</source>
        <translation>请不要把用户名和密码写进地址：把 API 密钥填在它自己的栏位中，它会保存在系统钥匙串里。</translation>
    </message>
    <message>
        <source>The connection to {address} was not made within {seconds:g} s. If the server does not use TLS, write its address with http:// instead of https://; else the computer may be off, or a firewall may drop the connection.</source>
        <translation>在 {seconds:g} 秒内未能连接到 {address}。如果服务器不使用 TLS，请把地址中的 https:// 改为 http://；否则可能是电脑已关机，或防火墙丢弃了连接。</translation>
    </message>
    <message>
        <source>The connection to {address} was not made within {seconds:g} s: the computer may be off, or a firewall may drop the connection.</source>
        <translation>在 {seconds:g} 秒内未能连接到 {address}：可能是电脑已关机，或防火墙丢弃了连接。</translation>
    </message>
    <message>
        <source>{server} did not answer within {seconds:g} s. It may be busy or still loading the model: try again, or give it more time in the connection&apos;s settings.</source>
        <translation>{server} 在 {seconds:g} 秒内没有回答。它可能正忙或仍在加载模型：请重试，或在连接设置中给它更多时间。</translation>
    </message>
    <message>
        <source>{address} answered, but not as an OpenAI-compatible server does. Check the address: it usually ends in /v1.</source>
        <translation>{address} 有回应，但不像 OpenAI 兼容服务器的回应。请检查地址：它通常以 /v1 结尾。</translation>
    </message>
    <message>
        <source>{server} reported an error: {message}</source>
        <translation>{server} 报告了错误：{message}</translation>
    </message>
    <message>
        <source>{server} refused the API key (HTTP 401). Check the key saved for this connection.</source>
        <translation>{server} 拒绝了 API 密钥（HTTP 401）。请检查为此连接保存的密钥。</translation>
    </message>
    <message>
        <source>{server} asks for an API key (HTTP 401). Add the key to this connection.</source>
        <translation>{server} 要求提供 API 密钥（HTTP 401）。请为此连接添加密钥。</translation>
    </message>
    <message>
        <source>{server} refused access (HTTP 403): the API key may lack the permission. Check the key saved for this connection.</source>
        <translation>{server} 拒绝访问（HTTP 403）：API 密钥可能没有相应权限。请检查为此连接保存的密钥。</translation>
    </message>
    <message>
        <source>{server} has no model &quot;{model}&quot; (HTTP 404: {message}). Choose one of the models it serves.</source>
        <translation>{server} 没有模型“{model}”（HTTP 404：{message}）。请选择它提供的模型之一。</translation>
    </message>
    <message>
        <source>{address} is not an OpenAI-compatible API (HTTP 404 for {path}). The address usually ends in /v1, e.g. http://host:8000/v1.</source>
        <translation>{address} 不是 OpenAI 兼容的 API（{path} 返回 HTTP 404）。地址通常以 /v1 结尾，例如 http://host:8000/v1。</translation>
    </message>
    <message>
        <source>{server} has a problem (HTTP {status}): {message}</source>
        <translation>{server} 出现问题（HTTP {status}）：{message}</translation>
    </message>
    <message>
        <source>The secure connection to {address} failed: its certificate is not trusted ({detail}). If your organisation signs its own certificates, set SSL_CERT_FILE to its certificate authority&apos;s file and start LlamaDesk again.</source>
        <translation>与 {address} 的安全连接失败：它的证书不受信任（{detail}）。如果你的单位使用自己签发的证书，请把 SSL_CERT_FILE 设为其证书颁发机构的文件，然后重新启动 LlamaDesk。</translation>
    </message>
    <message>
        <source>The secure connection to {address} failed ({detail}). If the server does not use TLS, write its address with http:// instead of https://.</source>
        <translation>与 {address} 的安全连接失败（{detail}）。如果服务器不使用 TLS，请把地址中的 https:// 改为 http://。</translation>
    </message>
    <message>
        <source>The name &quot;{host}&quot; could not be found (DNS). Check the address, and your network or VPN.</source>
        <translation>找不到名称“{host}”（DNS）。请检查地址以及你的网络或 VPN。</translation>
    </message>
    <message>
        <source>Nothing answers at {address} (connection refused). Check that the server is running and listens on that address and port: a server started with --host 127.0.0.1 answers only on its own computer.</source>
        <translation>{address} 没有响应（连接被拒绝）。请确认服务器正在运行，并在该地址和端口上监听：用 --host 127.0.0.1 启动的服务器只响应它自己所在的电脑。</translation>
    </message>
    <message>
        <source>A grammar may have at most {max:,} characters.</source>
        <translation>语法最多可有 {max:,} 个字符。</translation>
    </message>
    <message>
        <source>Give either a grammar or a JSON schema, not both.</source>
        <translation>请只提供语法或 JSON 模式之一，不能同时提供。</translation>
    </message>
    <message>
        <source>JSON can be wrapped in two texts only.</source>
        <translation>JSON 只能用前后两段文本包裹。</translation>
    </message>
    <message>
        <source>Beams must be between 1 (off) and {max}.</source>
        <translation>束数必须在 1（关闭）到 {max} 之间。</translation>
    </message>
    <message>
        <source>The length penalty must be between -2 and 2.</source>
        <translation>长度惩罚必须在 -2 到 2 之间。</translation>
    </message>
    <message>
        <source>Beam search cannot follow a grammar or a JSON schema; use one beam.</source>
        <translation>束搜索不能遵循语法或 JSON 模式；请使用一个束。</translation>
    </message>
    <message>
        <source>Another model was chosen, so this answer was not finished.</source>
        <translation>已选择了另一个模型，因此这条回答没有完成。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is damaged ({detail}). Download it again or choose another file.</source>
        <translation>模型文件“{name}”已损坏（{detail}）。请重新下载，或选择其他文件。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a big-endian GGUF file, made for IBM mainframes. Download the ordinary (little-endian) version of the model.</source>
        <translation>模型文件“{name}”是为 IBM 大型机制作的大端序 GGUF 文件。请下载该模型的普通（小端序）版本。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is empty (0 bytes): the download failed. Download it again.</source>
        <translation>模型文件“{name}”是空的（0 字节）：下载失败了。请重新下载。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a web page (HTML), not a model: the link led to a page instead of the file. Download the .gguf file itself (on Hugging Face, use the &quot;download&quot; link).</source>
        <translation>模型文件“{name}”是一个网页（HTML），不是模型：链接指向的是网页而不是文件。请下载 .gguf 文件本身（在 Hugging Face 上，请使用“download”链接）。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a Git LFS pointer, not the model: the repository was cloned without Git LFS. Run &quot;git lfs pull&quot; in it, or download the .gguf file directly.</source>
        <translation>模型文件“{name}”是一个 Git LFS 指针，不是模型：克隆仓库时没有使用 Git LFS。请在仓库中运行“git lfs pull”，或直接下载 .gguf 文件。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a safetensors file, not GGUF. Download a GGUF version of this model.</source>
        <translation>模型文件“{name}”是 safetensors 文件，不是 GGUF。请下载该模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a ZIP archive (a PyTorch file?). Download a GGUF version of this model.</source>
        <translation>模型文件“{name}”是 ZIP 压缩包（可能是 PyTorch 文件）。请下载该模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is in the GGML format that GGUF replaced in 2023. Download a GGUF version of this model.</source>
        <translation>模型文件“{name}”是 GGML 格式，该格式已于 2023 年被 GGUF 取代。请下载该模型的 GGUF 版本。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is a JSON text (perhaps an error from the server), not a model. Download it again.</source>
        <translation>模型文件“{name}”是一段 JSON 文本（可能是服务器返回的错误），不是模型。请重新下载。</translation>
    </message>
    <message>
        <source>The header of &quot;{name}&quot; goes on past the {read:,} bytes read: read about {needed:,} bytes and try again.</source>
        <translation>“{name}”的文件头超出了已读取的 {read:,} 字节：请读取约 {needed:,} 字节后重试。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; uses GGUF version 1, from 2023, which llama.cpp no longer reads. Download a newer conversion of the model.</source>
        <translation>模型文件“{name}”使用的是 2023 年的 GGUF 第 1 版，llama.cpp 已不再支持。请下载该模型较新的转换版本。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; uses GGUF version {version}, which this version of LlamaDesk cannot read. Update LlamaDesk, or download another copy of the model.</source>
        <translation>模型文件“{name}”使用的是 GGUF 第 {version} 版，此版本的 LlamaDesk 无法读取。请更新 LlamaDesk，或下载该模型的其他副本。</translation>
    </message>
    <message>
        <source>The model file &quot;{path}&quot; is incomplete: only {size:,} of {expected:,} bytes ({share:.0%}) are present. The download probably stopped early; download it again.</source>
        <translation>模型文件“{path}”不完整：{expected:,} 字节中只有 {size:,} 字节（{share:.0%}）。下载可能提前中断了；请重新下载。</translation>
    </message>
    <message>
        <source>general.alignment is {value}</source>
        <translation>general.alignment 为 {value}</translation>
    </message>
    <message>
        <source>its metadata holds more than {limit:,} values</source>
        <translation>其元数据包含超过 {limit:,} 个值</translation>
    </message>
    <message>
        <source>its header claims to be over {limit:,} bytes</source>
        <translation>其文件头声称超过 {limit:,} 字节</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is incomplete or damaged: its header describes more data than the file holds ({size:,} bytes). The download probably stopped early; download it again.</source>
        <translation>模型文件“{name}”不完整或已损坏：文件头描述的数据多于文件实际包含的数据（{size:,} 字节）。下载可能提前中断了；请重新下载。</translation>
    </message>
    <message>
        <source>a text of {length:,} bytes</source>
        <translation>一段 {length:,} 字节的文本</translation>
    </message>
    <message>
        <source>its header holds more than {limit:,} bytes of text</source>
        <translation>其文件头包含超过 {limit:,} 字节的文本</translation>
    </message>
    <message>
        <source>unknown metadata value type {type}</source>
        <translation>未知的元数据值类型 {type}</translation>
    </message>
    <message>
        <source>arrays nested {depth} deep</source>
        <translation>数组嵌套了 {depth} 层</translation>
    </message>
    <message>
        <source>an array of {length:,} elements</source>
        <translation>一个含 {length:,} 个元素的数组</translation>
    </message>
    <message>
        <source>its arrays hold more than {limit:,} texts</source>
        <translation>其数组包含超过 {limit:,} 段文本</translation>
    </message>
    <message>
        <source>tensor {tensor} has {n} dimensions</source>
        <translation>张量 {tensor} 有 {n} 个维度</translation>
    </message>
    <message>
        <source>tensor {tensor} has the shape {shape}</source>
        <translation>张量 {tensor} 的形状为 {shape}</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; uses a tensor type this version of LlamaDesk does not know (type {type} in {tensor}). Update LlamaDesk, or choose another quantization of the model.</source>
        <translation>模型文件“{name}”使用了此版本的 LlamaDesk 不认识的张量类型（{tensor} 中的类型 {type}）。请更新 LlamaDesk，或选择该模型的其他量化版本。</translation>
    </message>
    <message>
        <source>tensor {tensor} has a row of {n} elements</source>
        <translation>张量 {tensor} 的一行有 {n} 个元素</translation>
    </message>
    <message>
        <source>tensor {tensor} starts at an unaligned offset</source>
        <translation>张量 {tensor} 的起始偏移量未对齐</translation>
    </message>
    <message>
        <source>&quot;{path}&quot; is a folder, not a model file. Choose a .gguf file.</source>
        <translation>“{path}”是文件夹，不是模型文件。请选择一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>The model file &quot;{path}&quot; does not exist. It may have been moved or deleted: choose it again or download it again.</source>
        <translation>模型文件“{path}”不存在。它可能已被移动或删除：请重新选择或重新下载。</translation>
    </message>
    <message>
        <source>The model file &quot;{path}&quot; could not be read ({error}). Check that it is readable and that its disk is connected.</source>
        <translation>无法读取模型文件“{path}”（{error}）。请检查该文件是否可读，以及其所在磁盘是否已连接。</translation>
    </message>
    <message>
        <source>the metadata key {key} appears twice</source>
        <translation>元数据键 {key} 出现了两次</translation>
    </message>
    <message>
        <source>the tensor {tensor} appears twice</source>
        <translation>张量 {tensor} 出现了两次</translation>
    </message>
    <message>
        <source>its vocabulary lists the token {token} twice</source>
        <translation>其词表中 token {token} 出现了两次</translation>
    </message>
    <message>
        <source>its vocabulary has no token for the byte {byte}, which its tokenizer needs</source>
        <translation>其词表缺少字节 {byte} 对应的 token，而其分词器需要它</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; cannot be used: its hyper-parameter {key} is {value}, {problem}. The file is damaged or was converted wrongly; download it again or choose another file.</source>
        <translation>无法使用模型文件“{name}”：其超参数 {key} 为 {value}，{problem}。该文件已损坏或转换有误；请重新下载，或选择其他文件。</translation>
    </message>
    <message>
        <source>not a name</source>
        <translation>这不是一个名称</translation>
    </message>
    <message>
        <source>where one value per layer ({layers}) is expected</source>
        <translation>而此处应为每层一个值（共 {layers} 层）</translation>
    </message>
    <message>
        <source>where the {experts} experts of the model call for a number from 1 to {experts}</source>
        <translation>而该模型有 {experts} 个专家，此处应为 1 到 {experts} 之间的数</translation>
    </message>
    <message>
        <source>but the model has no experts (no expert_count)</source>
        <translation>但该模型没有专家（没有 expert_count）</translation>
    </message>
    <message>
        <source>where a whole number from {low:,} to {high:,} is expected</source>
        <translation>而此处应为 {low:,} 到 {high:,} 之间的整数</translation>
    </message>
    <message>
        <source>where a number from {low:g} to {high:g} is expected</source>
        <translation>而此处应为 {low:g} 到 {high:g} 之间的数</translation>
    </message>
    <message>
        <source>where a finite number is expected</source>
        <translation>而此处应为有限的数</translation>
    </message>
    <message>
        <source>which does not divide the {heads} attention heads of layer {layer}</source>
        <translation>不能整除第 {layer} 层的 {heads} 个注意力头</translation>
    </message>
    <message>
        <source>not a list of models</source>
        <translation>不是模型列表</translation>
    </message>
    <message>
        <source>not a model description</source>
        <translation>不是模型描述</translation>
    </message>
    <message>
        <source>its list of files is not a list</source>
        <translation>其文件列表不是列表</translation>
    </message>
    <message>
        <source>not JSON</source>
        <translation>不是 JSON</translation>
    </message>
    <message>
        <source>the header of &quot;{file}&quot; would be larger than {size}</source>
        <translation>“{file}”的文件头将大于 {size}</translation>
    </message>
    <message>
        <source>LlamaDesk is in offline mode, so it does not contact the Hugging Face Hub. Turn off offline mode in Settings (and unset HF_HUB_OFFLINE) to search for and download models.</source>
        <translation>LlamaDesk 处于离线模式，因此不会连接 Hugging Face Hub。要搜索和下载模型，请在“设置”中关闭离线模式（并取消设置 HF_HUB_OFFLINE）。</translation>
    </message>
    <message>
        <source>{host} did not say how large &quot;{file}&quot; is, so LlamaDesk cannot check that it fits on the disk. Try again later.</source>
        <translation>{host} 没有说明“{file}”有多大，因此 LlamaDesk 无法检查磁盘空间是否足够。请稍后再试。</translation>
    </message>
    <message>
        <source>{what} is gated: its authors ask you to accept their licence first. Open {page}, accept it while logged in, then {token_hint}.</source>
        <translation>{what}需要授权：其作者要求你先接受他们的许可协议。请打开 {page}，登录后接受协议，然后{token_hint}。</translation>
    </message>
    <message>
        <source>Your access token may not download {what} yet: its authors ask you to accept their licence. Open {page}, accept it while logged in (approval can take a while), then try again.</source>
        <translation>你的访问令牌暂时还不能下载{what}：其作者要求你接受他们的许可协议。请打开 {page}，登录后接受协议（审批可能需要一段时间），然后重试。</translation>
    </message>
    <message>
        <source>The model repository {what} was not found on {host}. Check the name; if it is private, {token_hint}.</source>
        <translation>在 {host} 上找不到模型仓库{what}。请检查名称；如果它是私有仓库，请{token_hint}。</translation>
    </message>
    <message>
        <source>The file &quot;{file}&quot; is no longer in {what} on {host}: the repository has changed. Open it again to see its current files.</source>
        <translation>{host} 上的{what}中已没有文件“{file}”：该仓库已更改。请重新打开它，查看其当前的文件。</translation>
    </message>
    <message>
        <source>{host} refused the access token. Check it, or {token_hint}.</source>
        <translation>{host} 拒绝了该访问令牌。请检查令牌，或{token_hint}。</translation>
    </message>
    <message>
        <source>{host} refused access (HTTP 403). If the model is gated or private, {token_hint}.</source>
        <translation>{host} 拒绝访问（HTTP 403）。如果该模型需要授权或是私有的，请{token_hint}。</translation>
    </message>
    <message>
        <source>{host} asks LlamaDesk to slow down (too many requests). Wait a minute and try again; an access token raises the limit.</source>
        <translation>{host} 要求 LlamaDesk 放慢速度（请求过多）。请等待一分钟后重试；使用访问令牌可以提高限额。</translation>
    </message>
    <message>
        <source>{host} has a problem (HTTP {status}). Try again in a few minutes.</source>
        <translation>{host} 出现了问题（HTTP {status}）。请几分钟后重试。</translation>
    </message>
    <message>
        <source>Could not connect to {host}. Check your internet connection; if the Hub is blocked where you are, set a mirror as the Hub address in Settings.</source>
        <translation>无法连接到 {host}。请检查网络连接；如果你所在的地方无法访问 Hub，请在“设置”中将镜像设为 Hub 地址。</translation>
    </message>
    <message>
        <source>{host} stopped sending (nothing for {seconds:g} s): the connection is slow or unstable. Try again.</source>
        <translation>{host} 停止了发送（{seconds:g} 秒内没有收到数据）：连接缓慢或不稳定。请重试。</translation>
    </message>
    <message>
        <source>The connection to {host} was interrupted. Try again.</source>
        <translation>与 {host} 的连接中断了。请重试。</translation>
    </message>
    <message>
        <source>The request to {host} failed ({error}). Try again later.</source>
        <translation>对 {host} 的请求失败（{error}）。请稍后重试。</translation>
    </message>
    <message>
        <source>{host} answered with something that is not a Hub answer ({what}). Check the Hub address in Settings; if it is right, try again later.</source>
        <translation>{host} 返回的内容不是 Hub 的应答（{what}）。请在设置中检查 Hub 地址；如果地址正确，请稍后再试。</translation>
    </message>
    <message>
        <source>more than {size}, far more than the Hub sends</source>
        <translation>超过 {size}，远超 Hub 会发送的大小</translation>
    </message>
    <message>
        <source>{host} sent LlamaDesk on to another address ({other}). LlamaDesk asks only the Hub address set in Settings: check it, or try again later.</source>
        <translation>{host} 将 LlamaDesk 转到了另一个地址（{other}）。LlamaDesk 只访问设置中的 Hub 地址：请检查该地址，或稍后再试。</translation>
    </message>
    <message>
        <source>more than {count} redirects</source>
        <translation>重定向超过 {count} 次</translation>
    </message>
    <message>
        <source>HTTP {status}</source>
        <translation>HTTP {status}</translation>
    </message>
    <message>
        <source>add an access token in Settings (Hub); create one at {page}</source>
        <translation>在“设置”（Hub）中添加访问令牌；可在 {page} 创建令牌</translation>
    </message>
    <message>
        <source>The Hub address &quot;{address}&quot; is not a web address. Set it in Settings to {default} or to a mirror such as https://hf-mirror.com.</source>
        <translation>Hub 地址“{address}”不是网址。请在“设置”中将其设为 {default}，或设为镜像，例如 https://hf-mirror.com。</translation>
    </message>
    <message>
        <source>&quot;{repo_id}&quot;</source>
        <translation>“{repo_id}”</translation>
    </message>
    <message>
        <source>the repository</source>
        <translation>该仓库</translation>
    </message>
    <message>
        <source>That page of results belongs to another Hub address.</source>
        <translation>这一页结果属于另一个 Hub 地址。</translation>
    </message>
    <message>
        <source>The authors of this model ask you to accept their licence before you download it: open {page}, accept it while logged in, and add an access token in Settings (Hub).</source>
        <translation>此模型的作者要求你在下载前接受他们的许可协议：请打开 {page}，登录后接受协议，并在“设置”（Hub）中添加访问令牌。</translation>
    </message>
    <message>
        <source>{host} sent only {size:,} bytes of &quot;{file}&quot;, not its whole header. Try again.</source>
        <translation>{host} 只发送了“{file}”的 {size:,} 字节，而不是完整的文件头。请重试。</translation>
    </message>
    <message>
        <source>the token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>{why} Choose whether LlamaDesk keeps {what} for this session only or in a file that only you can read.</source>
        <translation>{why}请选择让 LlamaDesk 仅在本次运行期间保存{what}，还是保存到只有你能读取的文件中。</translation>
    </message>
    <message>
        <source>Could not save {what} in {path} ({error}). Keep it for this session only, or check that the folder is writable.</source>
        <translation>无法将{what}保存到 {path}（{error}）。请仅在本次运行期间保存，或检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>The system keychain refused to store {what} ({kind}: {error}). Unlock it and try again, or keep it for this session only.</source>
        <translation>系统钥匙串拒绝保存{what}（{kind}：{error}）。请解锁后重试，或仅在本次运行期间保存。</translation>
    </message>
    <message>
        <source>Could not delete the file {path} ({error}). Delete it yourself.</source>
        <translation>无法删除文件 {path}（{error}）。请手动删除。</translation>
    </message>
    <message>
        <source>Too many copies of {name} in {folder}.</source>
        <translation>{folder} 中 {name} 的副本太多。</translation>
    </message>
    <message>
        <source>&quot;{folder}&quot; is not a folder. Choose a folder that holds .gguf files.</source>
        <translation>“{folder}”不是文件夹。请选择一个包含 .gguf 文件的文件夹。</translation>
    </message>
    <message>
        <source>Not enough disk space to copy {name}: it needs {needed}, but only {free} is free in {folder}. Free some space, or reference the file where it is instead of copying it.</source>
        <translation>磁盘空间不足，无法复制 {name}：需要 {needed}，但 {folder} 中只有 {free} 可用。请释放一些空间，或直接使用原位置的文件而不复制。</translation>
    </message>
    <message>
        <source>Could not copy {name} into {folder} ({error}). Check that the folder is writable and the disk is not full.</source>
        <translation>无法将 {name} 复制到 {folder}（{error}）。请检查该文件夹是否可写，以及磁盘是否已满。</translation>
    </message>
    <message>
        <source>&quot;{path}&quot; is not a model file; LlamaDesk did not delete it.</source>
        <translation>“{path}”不是模型文件；LlamaDesk 没有删除它。</translation>
    </message>
    <message>
        <source>&quot;{path}&quot; is not in a folder of the library, so LlamaDesk did not delete it. Delete it in your file manager if you want it gone.</source>
        <translation>“{path}”不在模型库的文件夹中，因此 LlamaDesk 没有删除它。如果你想删除它，请在文件管理器中删除。</translation>
    </message>
    <message>
        <source>Could not delete &quot;{path}&quot; ({error}). If the model is loaded, load another one first; check that the file is not read-only.</source>
        <translation>无法删除“{path}”（{error}）。如果该模型已加载，请先加载另一个模型；并检查该文件是否为只读。</translation>
    </message>
    <message>
        <source>Part {number} of {count} (&quot;{name}&quot;) is missing: download or copy the whole model again.</source>
        <translation>共 {count} 个部分中的第 {number} 部分（“{name}”）缺失：请重新下载或复制整个模型。</translation>
    </message>
    <message>
        <source>The import of {name} was stopped.</source>
        <translation>已停止导入 {name}。</translation>
    </message>
    <message>
        <source>The file may be damaged, or made for a newer llama.cpp than this version.</source>
        <translation>该文件可能已损坏，或是为比当前版本更新的 llama.cpp 制作的。</translation>
    </message>
    <message>
        <source>llama.cpp could not load {name}: {detail}. {hint}</source>
        <translation>llama.cpp 无法加载 {name}：{detail}。{hint}</translation>
    </message>
    <message>
        <source>llama.cpp failed while computing (code {status}).</source>
        <translation>llama.cpp 在计算时出错（代码 {status}）。</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未给出原因</translation>
    </message>
    <message>
        <source>This model&apos;s architecture is not supported by this version of llama.cpp.</source>
        <translation>此版本的 llama.cpp 不支持该模型的架构。</translation>
    </message>
    <message>
        <source>The context window is full: no room left for more tokens.</source>
        <translation>上下文窗口已满：没有空间容纳更多 token。</translation>
    </message>
    <message>
        <source>There is not enough memory: choose a smaller quantization or fewer GPU layers.</source>
        <translation>内存不足：请选择更小的量化版本或更少的 GPU 层数。</translation>
    </message>
    <message>
        <source>Unknown KV cache type {kv_type}: choose one of {types}.</source>
        <translation>未知的 KV 缓存类型 {kv_type}：请从以下类型中选择：{types}。</translation>
    </message>
    <message>
        <source>a dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>a space</source>
        <translation>应用空间（Space）</translation>
    </message>
    <message>
        <source>a collection</source>
        <translation>合集</translation>
    </message>
    <message>
        <source>a bucket</source>
        <translation>存储桶</translation>
    </message>
    <message>
        <source>Unrecognised quantization: the size is the best guide.</source>
        <translation>无法识别的量化方式：请以文件大小为主要参考。</translation>
    </message>
    <message>
        <source>Full precision: the largest and slowest, with no quality loss.</source>
        <translation>全精度：体积最大、速度最慢，没有质量损失。</translation>
    </message>
    <message>
        <source>{text} The most common default.</source>
        <translation>{text}最常用的默认选择。</translation>
    </message>
    <message>
        <source>{text} An i-quant: more quality per bit, but slower on a CPU.</source>
        <translation>{text}这是 i-quant 量化：每比特的质量更高，但在 CPU 上较慢。</translation>
    </message>
    <message>
        <source>{text} Repacked for ARM CPUs; elsewhere choose Q4_0.</source>
        <translation>{text}已为 ARM CPU 重新打包；在其他平台上请选择 Q4_0。</translation>
    </message>
    <message>
        <source>Nearly indistinguishable from full precision, at about half the size of F16.</source>
        <translation>与全精度几乎没有区别，大小约为 F16 的一半。</translation>
    </message>
    <message>
        <source>&quot;{repo_id}&quot; is not a model repository name: it looks like &quot;organisation/model&quot;.</source>
        <translation>“{repo_id}”不是模型仓库名称：仓库名称的格式应为“组织/模型”。</translation>
    </message>
    <message>
        <source>{address} is {kind} on the Hub, not a model. Paste the address of a model repository with GGUF files.</source>
        <translation>{address} 是 Hub 上的{kind}，不是模型。请粘贴包含 GGUF 文件的模型仓库地址。</translation>
    </message>
    <message>
        <source>{address} does not name a model repository.</source>
        <translation>{address} 没有指向某个模型仓库。</translation>
    </message>
    <message>
        <source>Other (see the model card)</source>
        <translation>其他（见模型卡片）</translation>
    </message>
    <message>
        <source>Very close to full quality; a good choice when memory allows.</source>
        <translation>非常接近全精度的质量；内存允许时是不错的选择。</translation>
    </message>
    <message>
        <source>High quality at a moderate size.</source>
        <translation>质量高，大小适中。</translation>
    </message>
    <message>
        <source>The usual balance of size, speed and quality.</source>
        <translation>在大小、速度和质量之间取得常见的平衡。</translation>
    </message>
    <message>
        <source>Smaller and faster, with a noticeable drop in quality.</source>
        <translation>更小、更快，但质量明显下降。</translation>
    </message>
    <message>
        <source>The smallest, with a large drop in quality: only when nothing larger fits.</source>
        <translation>体积最小，质量下降很大：仅在放不下更大的版本时使用。</translation>
    </message>
    <message>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>Temperature must be between 0 and 5.</source>
        <translation>温度必须在 0 到 5 之间。</translation>
    </message>
    <message>
        <source>Top-p must be greater than 0 and at most 1.</source>
        <translation>Top-p 必须大于 0 且不超过 1。</translation>
    </message>
    <message>
        <source>Top-k must be between 0 (off) and 1000.</source>
        <translation>Top-k 必须在 0（关闭）到 1000 之间。</translation>
    </message>
    <message>
        <source>Min-p must be at least 0 and less than 1.</source>
        <translation>Min-p 必须大于等于 0 且小于 1。</translation>
    </message>
    <message>
        <source>Repeat penalty must be between 0.5 and 2.</source>
        <translation>重复惩罚必须在 0.5 到 2 之间。</translation>
    </message>
    <message>
        <source>Repeat window must be between 0 and 4096 tokens.</source>
        <translation>重复窗口必须在 0 到 4096 token 之间。</translation>
    </message>
    <message>
        <source>Presence penalty must be between -2 and 2.</source>
        <translation>存在惩罚必须在 -2 到 2 之间。</translation>
    </message>
    <message>
        <source>Frequency penalty must be between -2 and 2.</source>
        <translation>频率惩罚必须在 -2 到 2 之间。</translation>
    </message>
    <message>
        <source>Seed must be between 0 and {max}, or empty for a random seed.</source>
        <translation>随机种子必须在 0 到 {max} 之间，留空则使用随机种子。</translation>
    </message>
    <message>
        <source>Max tokens must be between 1 and 1,000,000.</source>
        <translation>最大 token 数必须在 1 到 1,000,000 之间。</translation>
    </message>
    <message>
        <source>At most {max} stop strings are allowed.</source>
        <translation>最多只能设置 {max} 个停止字符串。</translation>
    </message>
    <message>
        <source>Stop strings cannot be empty.</source>
        <translation>停止字符串不能为空。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is not a GGUF model file: it does not begin with &quot;GGUF&quot;, as every GGUF model does, so it is another kind of file or its header is damaged. Download it again, or choose another model file.</source>
        <translation>模型文件“{name}”不是 GGUF 模型文件：它不像所有 GGUF 模型那样以“GGUF”开头，因此它是另一种文件，或者其文件头已损坏。请重新下载，或选择其他模型文件。</translation>
    </message>
    <message>
        <source>The model file &quot;{name}&quot; is not a GGUF model file. Choose a model file whose name ends in .gguf.</source>
        <translation>模型文件“{name}”不是 GGUF 模型文件。请选择文件名以 .gguf 结尾的模型文件。</translation>
    </message>
    <message>
        <source>{tensors:,} tensors, {keys:,} metadata keys</source>
        <translation>{tensors:,} 个张量，{keys:,} 个元数据键</translation>
    </message>
    <message>
        <source>{host} took more than {seconds:g} s to answer, so LlamaDesk stopped waiting. The connection may be slow, or the server is not answering properly; try again later.</source>
        <translation>{host} 超过 {seconds:g} 秒仍未应答，LlamaDesk 已停止等待。连接可能很慢，或服务器未正常应答；请稍后再试。</translation>
    </message>
    <message>
        <source>{host} is sending too slowly (less than {size} in {seconds:g} s): the connection is slow or unstable. Try again.</source>
        <translation>{host} 发送速度过慢（{seconds:g} 秒内不到 {size}）：连接缓慢或不稳定。请重试。</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Translator</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Summariser</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Q&amp;A over pasted text</source>
        <translation>针对粘贴文本的问答</translation>
    </message>
    <message>
        <source>You are a helpful, knowledgeable assistant running privately on the user&apos;s own computer. Answer clearly and accurately, as briefly as the question allows, and go into depth when asked. Use Markdown where it helps: numbered lists for steps, tables for comparisons, and fenced code blocks with a language tag for code. If you are not sure of something, say so rather than guess. If a request is ambiguous, ask one short question to clarify it. Reply in the language the user writes in.</source>
        <translation>你是一个乐于助人、知识渊博的助手，私密地运行在用户自己的电脑上。请清晰、准确地回答，在问题允许的范围内尽量简洁，用户要求时再深入展开。在有帮助的地方使用 Markdown：步骤用编号列表，比较用表格，代码用带语言标记的围栏代码块。对不确定的事情，请直接说明，不要猜测。如果请求有歧义，请先提一个简短的问题加以澄清。请使用用户所用的语言回复。</translation>
    </message>
    <message>
        <source>You are a professional translator. Translate the text the user sends into the language they ask for; if they do not name one, translate into English, or, if the text is already in English, into Simplified Chinese. Keep the meaning, tone and register of the original, and keep its formatting: paragraphs, lists, Markdown and code blocks. Leave code, URLs, file names and names that are normally not translated as they are. Reply with the translation only, without notes, explanations or quotation marks, unless the user asks for them.</source>
        <translation>你是一名专业译者。请将用户发来的文本翻译成用户要求的语言；如果用户没有指定语言，就翻译成英语；如果文本本身已经是英语，就翻译成简体中文。保留原文的含义、语气和语体，并保留其格式：段落、列表、Markdown 和代码块。代码、网址、文件名以及通常不翻译的名称保持原样。只回复译文，不要添加注释、解释或引号，除非用户要求。</translation>
    </message>
    <message>
        <source>You write faithful summaries. When the user sends a text (an article, report, transcript, email thread or notes), begin with one or two sentences giving its main point, then list the key facts, arguments, decisions and open questions as short bullet points. Keep names, numbers and dates exactly as they appear. Do not add information, opinions or conclusions that are not in the text. Write in the language of the text unless asked otherwise, and keep the summary to about a tenth of its length unless the user asks for a different length.</source>
        <translation>你负责撰写忠实于原文的摘要。当用户发来一段文本（文章、报告、文字记录、邮件往来或笔记）时，先用一两句话概括其要点，再用简短的要点列出关键事实、论点、决定和待解决的问题。人名、数字和日期必须与原文完全一致。不要添加原文中没有的信息、观点或结论。除非另有要求，请使用原文的语言撰写；除非用户要求其他长度，摘要长度约为原文的十分之一。</translation>
    </message>
    <message>
        <source>The user will paste a text (a document, article, email, contract or notes) and ask questions about it. Answer from that text only, and quote the sentence or passage your answer rests on when it helps the user check it. If the text does not contain the answer, say so plainly and mention what it does say that comes closest; do not fill the gap with outside knowledge unless the user asks you to. If a question can be read in more than one way, say how you read it. Answer in the language of the question.</source>
        <translation>用户会粘贴一段文本（文档、文章、邮件、合同或笔记），并就其提问。请只根据这段文本回答；当引用有助于用户核对时，请引用你的回答所依据的句子或段落。如果文本中没有答案，请直接说明，并指出文本中最接近的内容；除非用户要求，不要用文本以外的知识来填补空白。如果一个问题可以有多种理解，请说明你是如何理解的。请使用提问所用的语言回答。</translation>
    </message>
    <message>
        <source>Some settings had values this version cannot use and were reset to their defaults: {names}.</source>
        <translation>部分设置的值无法被此版本使用，已恢复为默认值：{names}。</translation>
    </message>
    <message>
        <source>Your settings file {path} {reason}. It was kept as {backup} and LlamaDesk started with default settings.</source>
        <translation>你的设置文件 {path} {reason}。该文件已另存为 {backup}，LlamaDesk 已使用默认设置启动。</translation>
    </message>
    <message>
        <source>could not be read ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <source>Your settings file {path} {reason} and could not be moved aside ({error}). LlamaDesk is using default settings.</source>
        <translation>你的设置文件 {path} {reason}，且无法移到别处（{error}）。LlamaDesk 正在使用默认设置。</translation>
    </message>
    <message>
        <source>Settings could not be saved to {path}: {error}. Check that the disk is not full and that the folder can be written.</source>
        <translation>无法将设置保存到 {path}：{error}。请检查磁盘是否已满，以及该文件夹是否可写。</translation>
    </message>
    <message>
        <source>was damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>attachment {index} of {where}</source>
        <translation>{where}的第 {index} 个附件</translation>
    </message>
    <message>
        <source>it holds {name}, which is not a number JSON allows</source>
        <translation>其中含有 {name}，这不是 JSON 允许的数</translation>
    </message>
    <message>
        <source>it is {size}, more than the {limit} a conversation file may have</source>
        <translation>它有 {size}，超过了对话文件允许的 {limit}</translation>
    </message>
    <message>
        <source>it holds {count:,} messages, more than the {limit:,} a conversation may have</source>
        <translation>它包含 {count:,} 条消息，超过了一个对话允许的 {limit:,} 条</translation>
    </message>
    <message>
        <source>its settings cannot be used: {problem}</source>
        <translation>其设置无法使用：{problem}</translation>
    </message>
    <message>
        <source>{where} has attachments, which only a user&apos;s message may have</source>
        <translation>{where}带有附件，但只有用户的消息可以带附件</translation>
    </message>
    <message>
        <source>{where} has {count:,} attachments, more than the {limit:,} a message may have</source>
        <translation>{where}有 {count:,} 个附件，超过了一条消息允许的 {limit:,} 个</translation>
    </message>
    <message>
        <source>{where} has {name} that is not a count: {value}</source>
        <translation>{where}的 {name} 不是计数值：{value}</translation>
    </message>
    <message>
        <source>{where} has {name} of {count:,} characters, more than the {limit:,} allowed</source>
        <translation>{where}的 {name} 有 {count:,} 个字符，超过了允许的 {limit:,} 个</translation>
    </message>
    <message>
        <source>{where} has {name} with a broken character (half of a UTF-16 pair)</source>
        <translation>{where}的 {name} 含有损坏的字符（半个 UTF-16 代理对）</translation>
    </message>
    <message>
        <source>it has more than {limit:,} commas, brackets and quoted texts, more than a conversation file may have</source>
        <translation>其中的逗号、括号和带引号的文本超过 {limit:,} 个，超出了对话文件允许的数量</translation>
    </message>
    <message>
        <source>it holds a number of {count:,} digits</source>
        <translation>其中含有一个 {count:,} 位的数</translation>
    </message>
    <message>
        <source>it holds the number {number}, too large for any use</source>
        <translation>其中含有数 {number}，大到无法使用</translation>
    </message>
    <message>
        <source>{where} has meta the app cannot use: {problem}</source>
        <translation>{where}的元数据无法被应用使用：{problem}</translation>
    </message>
    <message>
        <source>{where} has an unknown kind {kind}</source>
        <translation>{where}的类型 {kind} 未知</translation>
    </message>
    <message>
        <source>{where} has more pages without text than pages</source>
        <translation>{where}中无文字的页数多于总页数</translation>
    </message>
    <message>
        <source>its messages go {limit:,} replies deep and more, beyond what a conversation may have</source>
        <translation>其消息连续回复达到 {limit:,} 层甚至更深，超出了一个对话允许的范围</translation>
    </message>
    <message>
        <source>This conversation no longer exists.</source>
        <translation>此对话已不存在。</translation>
    </message>
    <message>
        <source>This message no longer exists.</source>
        <translation>此消息已不存在。</translation>
    </message>
    <message>
        <source>A value cannot be saved: {error}.</source>
        <translation>有一个值无法保存：{error}。</translation>
    </message>
    <message>
        <source>The conversation database {path} cannot be opened: {error}.</source>
        <translation>无法打开对话数据库 {path}：{error}。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {error}.</source>
        <translation>无法读取文件 {path}：{error}。</translation>
    </message>
    <message>
        <source>The conversation database {path} cannot be read ({error}). If it is damaged, move it somewhere else to start with an empty history.</source>
        <translation>无法读取对话数据库 {path}（{error}）。如果它已损坏，请将其移到别处，以空白的历史记录重新开始。</translation>
    </message>
    <message>
        <source>Reading the conversation database failed: {error}.</source>
        <translation>读取对话数据库失败：{error}。</translation>
    </message>
    <message>
        <source>Saving to the conversation database failed: {error}. Check that the disk is not full and that no other program holds the file.</source>
        <translation>保存到对话数据库失败：{error}。请检查磁盘是否已满，以及是否有其他程序占用该文件。</translation>
    </message>
    <message>
        <source>The message being answered no longer exists.</source>
        <translation>要回答的消息已不存在。</translation>
    </message>
    <message>
        <source>the conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>message {index}</source>
        <translation>第 {index} 条消息</translation>
    </message>
    <message>
        <source>{where} has a date that cannot be read: {value}</source>
        <translation>{where}中有无法读取的日期：{value}</translation>
    </message>
    <message>
        <source>This file cannot be imported: {reason}. Nothing was imported.</source>
        <translation>无法导入此文件：{reason}。未导入任何内容。</translation>
    </message>
    <message>
        <source>it is not a LlamaDesk conversation export</source>
        <translation>它不是 LlamaDesk 导出的对话</translation>
    </message>
    <message>
        <source>its format version is missing</source>
        <translation>缺少格式版本</translation>
    </message>
    <message>
        <source>This conversation was exported by a newer version of LlamaDesk (format {version}; this version reads up to {known}). Update LlamaDesk to import it.</source>
        <translation>此对话是由较新版本的 LlamaDesk 导出的（格式 {version}；此版本最高只能读取 {known}）。请更新 LlamaDesk 后再导入。</translation>
    </message>
    <message>
        <source>its current message is not one of its messages</source>
        <translation>其当前消息不在它的消息之中</translation>
    </message>
    <message>
        <source>its messages&apos; parent links form a loop</source>
        <translation>其消息的父级链接构成了循环</translation>
    </message>
    <message>
        <source>{where} needs {name} as {kind}</source>
        <translation>{where}中的 {name} 必须是{kind}</translation>
    </message>
    <message>
        <source>it is not valid JSON ({error} at line {line}, column {column})</source>
        <translation>它不是有效的 JSON（第 {line} 行第 {column} 列：{error}）</translation>
    </message>
    <message>
        <source>it is nested too deeply</source>
        <translation>嵌套层级太深</translation>
    </message>
    <message>
        <source>{where} is not an object</source>
        <translation>{where}不是对象</translation>
    </message>
    <message>
        <source>{where} has no numeric id</source>
        <translation>{where}没有数字 id</translation>
    </message>
    <message>
        <source>{where} repeats the id {key}</source>
        <translation>{where}重复使用了 id {key}</translation>
    </message>
    <message>
        <source>{where} has a parent that is not a message id</source>
        <translation>{where}的父级不是消息 id</translation>
    </message>
    <message>
        <source>{where} has an unknown role {role}</source>
        <translation>{where}的角色 {role} 未知</translation>
    </message>
    <message>
        <source>{where} has an unknown status {status}</source>
        <translation>{where}的状态 {status} 未知</translation>
    </message>
    <message>
        <source>{where} has a model that is not text</source>
        <translation>{where}的模型不是文本</translation>
    </message>
    <message>
        <source>message {key} answers message {parent}, which is missing</source>
        <translation>第 {key} 条消息回复的是第 {parent} 条消息，但后者不存在</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>The conversation database {path} was written by a newer version of LlamaDesk (schema {version}; this version knows up to {known}). Update LlamaDesk to open it; it has been left untouched.</source>
        <translation>对话数据库 {path} 是由较新版本的 LlamaDesk 写入的（架构 {version}；此版本最高只认识 {known}）。请更新 LlamaDesk 后再打开；该数据库未被改动。</translation>
    </message>
    <message>
        <source>it is nested more than {limit} deep</source>
        <translation>嵌套超过 {limit} 层</translation>
    </message>
    <message>
        <source>it holds broken text</source>
        <translation>其中含有损坏的文本</translation>
    </message>
    <message>
        <source>it holds a number too large</source>
        <translation>其中含有过大的数</translation>
    </message>
    <message>
        <source>it holds a value that is not JSON data</source>
        <translation>其中含有不是 JSON 数据的值</translation>
    </message>
    <message>
        <source>its {key} is {value}</source>
        <translation>其 {key} 为 {value}</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535.</source>
        <translation>端口必须在 1 到 65535 之间。</translation>
    </message>
    <message>
        <source>Serving on {host} makes the model reachable from other computers, so it needs an API key: give one (in the terminal, --api-key-env NAME of an environment variable holding it), or serve on 127.0.0.1.</source>
        <translation>在 {host} 上提供服务会让其他计算机也能访问模型，因此需要 API 密钥：请提供一个（在终端中用 --api-key-env 指定保存密钥的环境变量名），或改为在 127.0.0.1 上提供服务。</translation>
    </message>
    <message>
        <source>The server cannot listen on {host}:{port} ({error}). Choose another port, or stop the program that uses this one.</source>
        <translation>服务器无法在 {host}:{port} 上监听（{error}）。请换一个端口，或停止正在使用该端口的程序。</translation>
    </message>
    <message>
        <source>the server&apos;s API key</source>
        <translation>服务器的 API 密钥</translation>
    </message>
    <message>
        <source>An API key is one line of text without spaces.</source>
        <translation>API 密钥是一行不含空格的文本。</translation>
    </message>
    <message>
        <source>Meta&apos;s smallest chat model: quick on any computer, good for short answers and simple tasks.</source>
        <translation>Meta 最小的对话模型：在任何电脑上都很快，适合简短回答和简单任务。</translation>
    </message>
    <message>
        <source>A capable small assistant from Meta that runs well on laptops without a GPU.</source>
        <translation>Meta 出品的能干的小型助手，在没有 GPU 的笔记本电脑上也能流畅运行。</translation>
    </message>
    <message>
        <source>Meta&apos;s all-round 8B assistant: noticeably smarter, best with 8 GB of RAM or a GPU.</source>
        <translation>Meta 的全能 8B 助手：明显更聪明，最好有 8 GB 内存或一块 GPU。</translation>
    </message>
    <message>
        <source>A very small, very fast model for trying LlamaDesk out on old or low-memory machines.</source>
        <translation>非常小、非常快的模型，适合在老旧或内存较小的电脑上试用 LlamaDesk。</translation>
    </message>
    <message>
        <source>Alibaba&apos;s small multilingual model, strong in Chinese and English for its size.</source>
        <translation>阿里巴巴的小型多语言模型，就其体积而言，中英文能力都很强。</translation>
    </message>
    <message>
        <source>A strong multilingual assistant, good at coding and maths.</source>
        <translation>强大的多语言助手，擅长编程和数学。</translation>
    </message>
    <message>
        <source>Mistral AI&apos;s popular 7B assistant with a permissive licence.</source>
        <translation>Mistral AI 广受欢迎的 7B 助手，采用宽松的许可协议。</translation>
    </message>
    <message>
        <source>Microsoft&apos;s compact model, good at reasoning for its size and at long documents.</source>
        <translation>微软的紧凑型模型，就其体积而言推理能力出色，也擅长处理长文档。</translation>
    </message>
    <message>
        <source>Google&apos;s small chat model: fluent, friendly answers on modest hardware.</source>
        <translation>Google 的小型对话模型：在普通硬件上也能给出流畅、友好的回答。</translation>
    </message>
</context>
<context>
    <name>CutNotice</name>
    <message>
        <source>Part of this message is not shown: it is too long to display here.</source>
        <translation>此消息有一部分未显示：内容太长，无法在此处显示。</translation>
    </message>
    <message>
        <source>Open as text</source>
        <translation>以文本打开</translation>
    </message>
    <message>
        <source>The whole message</source>
        <translation>完整消息</translation>
    </message>
</context>
<context>
    <name>DiscoverPage</name>
    <message>
        <source>Search GGUF models, or paste a repository name or Hub address</source>
        <translation>搜索 GGUF 模型，或粘贴仓库名称或 Hub 地址</translation>
    </message>
    <message>
        <source>Most downloaded</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <source>Most liked</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Order of the results</source>
        <translation>结果的排序方式</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>More results</source>
        <translation>更多结果</translation>
    </message>
    <message>
        <source>Discover models</source>
        <translation>发现模型</translation>
    </message>
    <message>
        <source>Offline mode is on: LlamaDesk does not contact the Hugging Face Hub, so searching and downloading are off. The models on this computer are in the Library.</source>
        <translation>离线模式已开启：LlamaDesk 不会连接 Hugging Face Hub，因此无法搜索和下载。本机上的模型都在“模型库”中。</translation>
    </message>
    <message>
        <source>Go online</source>
        <translation>恢复联网</translation>
    </message>
    <message>
        <source>It is on because HF_HUB_OFFLINE is set in the environment.</source>
        <translation>它已开启，因为环境变量中设置了 HF_HUB_OFFLINE。</translation>
    </message>
    <message>
        <source>Recommended chat models</source>
        <translation>推荐的对话模型</translation>
    </message>
    <message>
        <source>{params} parameters</source>
        <translation>{params} 参数</translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation>约 {size}</translation>
    </message>
    <message>
        <source>Choose one to see every size and whether it fits.</source>
        <translation>选择一个，查看各个大小以及能否在本机运行。</translation>
    </message>
    <message>
        <source>Results for “{q}”</source>
        <translation>“{q}”的搜索结果</translation>
    </message>
    <message>
        <source>Popular</source>
        <translation>热门</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <source>No GGUF models match. Try fewer or other words.</source>
        <translation>没有匹配的 GGUF 模型。请减少关键词或换用其他词。</translation>
    </message>
    <message>
        <source>1 model</source>
        <translation>1 个模型</translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation>{n} 个模型</translation>
    </message>
    <message>
        <source>{n} downloads</source>
        <translation>{n} 次下载</translation>
    </message>
    <message>
        <source>{n} likes</source>
        <translation>{n} 个赞</translation>
    </message>
    <message>
        <source>updated {date}</source>
        <translation>更新于 {date}</translation>
    </message>
</context>
<context>
    <name>DownloadRow</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Set an access token</source>
        <translation>设置访问令牌</translation>
    </message>
    <message>
        <source>Stop and delete the partial file</source>
        <translation>停止并删除未完成的文件</translation>
    </message>
    <message>
        <source>Remove from this list (the model stays)</source>
        <translation>从列表中移除（模型文件保留）</translation>
    </message>
    <message>
        <source>Stop for now; the partial file is kept</source>
        <translation>暂时停止；保留未完成的文件</translation>
    </message>
    <message>
        <source>Go on from where it stopped</source>
        <translation>从中断处继续</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source> · part {part} of {parts}</source>
        <translation> · 第 {part}/{parts} 部分</translation>
    </message>
    <message>
        <source>Waiting to start…</source>
        <translation>等待开始…</translation>
    </message>
    <message>
        <source>Checking the part already downloaded…</source>
        <translation>正在检查已下载的部分…</translation>
    </message>
    <message>
        <source>Verifying the size and checksum…</source>
        <translation>正在校验大小和校验和…</translation>
    </message>
    <message>
        <source>Paused · {amount}</source>
        <translation>已暂停 · {amount}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Downloaded and verified · {size}</source>
        <translation>已下载并校验 · {size}</translation>
    </message>
    <message>
        <source>Stopped · {amount}</source>
        <translation>已停止 · {amount}</translation>
    </message>
    <message>
        <source>Connection problem · {amount}</source>
        <translation>连接出现问题 · {amount}</translation>
    </message>
    <message>
        <source>{speed}/s</source>
        <translation>{speed}/秒</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>DownloadsPage</name>
    <message>
        <source>Nothing is downloading. Find a model in Discover and choose Download.</source>
        <translation>没有正在进行的下载。请在“发现”中找到模型并选择下载。</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Downloads resume where they stopped, also after LlamaDesk is closed; each file is checked (size and checksum) before it appears in the Library.</source>
        <translation>下载会从中断处继续，即使关闭过 LlamaDesk 也一样；每个文件都会先校验（大小和校验和），然后才出现在模型库中。</translation>
    </message>
</context>
<context>
    <name>HubSettingsPage</name>
    <message>
        <source>Paste an access token (hf_…)</source>
        <translation>粘贴访问令牌（hf_…）</translation>
    </message>
    <message>
        <source>Save token</source>
        <translation>保存令牌</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Needed for gated models (accept their licence on the Hub first) and private ones. Create a read token at &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;.</source>
        <translation>下载需授权的模型（请先在 Hub 上接受其许可协议）和私有模型时需要令牌。可在 &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt; 创建只读令牌。</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Use the default</source>
        <translation>使用默认位置</translation>
    </message>
    <message>
        <source>Stop looking in this folder</source>
        <translation>不再查找此文件夹</translation>
    </message>
    <message>
        <source>Offline mode: never connect to the internet</source>
        <translation>离线模式：从不连接互联网</translation>
    </message>
    <message>
        <source>Hugging Face Hub</source>
        <translation>Hugging Face Hub</translation>
    </message>
    <message>
        <source>Hub address</source>
        <translation>Hub 地址</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Downloads and imported copies go here. Unfinished downloads stay where they started.</source>
        <translation>下载和导入的副本都保存在这里。未完成的下载仍留在原来的位置。</translation>
    </message>
    <message>
        <source>Also look in</source>
        <translation>同时查找以下文件夹</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Leave it empty for {env}. Where the Hub is blocked or slow, a mirror such as https://hf-mirror.com works.</source>
        <translation>留空则使用 {env}。如果 Hub 无法访问或速度很慢，可以使用镜像，例如 https://hf-mirror.com。</translation>
    </message>
    <message>
        <source>HF_ENDPOINT from the environment ({url})</source>
        <translation>HF_ENDPOINT 环境变量中的地址（{url}）</translation>
    </message>
    <message>
        <source>HF_HUB_OFFLINE is set in the environment, so LlamaDesk stays offline.</source>
        <translation>环境变量中设置了 HF_HUB_OFFLINE，因此 LlamaDesk 保持离线。</translation>
    </message>
    <message>
        <source>Models on this computer keep working; searching and downloading stop.</source>
        <translation>本机上的模型照常可用；搜索和下载将停止。</translation>
    </message>
    <message>
        <source>Saved in the system keychain ({hint}).</source>
        <translation>已保存到系统钥匙串（{hint}）。</translation>
    </message>
    <message>
        <source>Kept for this session only ({hint}).</source>
        <translation>仅在本次运行期间保存（{hint}）。</translation>
    </message>
    <message>
        <source>Saved in a file only you can read ({hint}): {path}</source>
        <translation>已保存到只有你能读取的文件中（{hint}）：{path}</translation>
    </message>
    <message>
        <source>No token saved here; HF_TOKEN from the environment is used.</source>
        <translation>这里没有保存令牌；将使用环境变量 HF_TOKEN。</translation>
    </message>
    <message>
        <source>No token saved.</source>
        <translation>未保存令牌。</translation>
    </message>
    <message>
        <source>{why} Choose where LlamaDesk keeps the token:</source>
        <translation>{why}请选择 LlamaDesk 保存令牌的位置：</translation>
    </message>
    <message>
        <source>Enter a web address starting with https:// (or leave it empty).</source>
        <translation>请输入以 https:// 开头的网址（或留空）。</translation>
    </message>
    <message>
        <source>Choose the models folder</source>
        <translation>选择模型文件夹</translation>
    </message>
</context>
<context>
    <name>KeyStorageChoice</name>
    <message>
        <source>Keep it for this session only (forgotten when LlamaDesk quits)</source>
        <translation>仅在本次运行期间保存（退出 LlamaDesk 后清除）</translation>
    </message>
    <message>
        <source>Save it in a file that only you can read</source>
        <translation>保存到只有你能读取的文件中</translation>
    </message>
    <message>
        <source>Save it in a file that only you can read ({path})</source>
        <translation>保存到只有你能读取的文件中（{path}）</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load this model for chatting; the chat goes on</source>
        <translation>加载此模型进行对话；当前对话会继续</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Open the folder holding this file</source>
        <translation>打开此文件所在的文件夹</translation>
    </message>
    <message>
        <source>Import a .gguf…</source>
        <translation>导入 .gguf…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Also list the .gguf files in a folder of yours</source>
        <translation>同时列出你的某个文件夹中的 .gguf 文件</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>{n} quantizations</source>
        <translation>{n} 个量化版本</translation>
    </message>
    <message>
        <source>Choose a quantization and Load it to switch to it</source>
        <translation>选择一个量化版本并加载，即可切换到它</translation>
    </message>
    <message>
        <source>Unfinished downloads</source>
        <translation>未完成的下载</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{name} from {repo}: {amount} so far (resume it in Downloads)</source>
        <translation>{name}（来自 {repo}）：已下载 {amount}（可在“下载”中继续）</translation>
    </message>
    <message>
        <source>1 model on this computer</source>
        <translation>本机上有 1 个模型</translation>
    </message>
    <message>
        <source>{n} models on this computer</source>
        <translation>本机上有 {n} 个模型</translation>
    </message>
    <message>
        <source>No models yet. Download one in Discover, import a .gguf file, or add a folder that holds some.</source>
        <translation>还没有模型。请在“发现”中下载一个，导入 .gguf 文件，或添加包含模型的文件夹。</translation>
    </message>
    <message>
        <source>cannot be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>Vision projector</source>
        <translation>视觉投影器</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No chat template: a generic (ChatML) format is used</source>
        <translation>没有对话模板：将使用通用的 ChatML 格式</translation>
    </message>
    <message>
        <source> (all {n} parts)</source>
        <translation>（全部 {n} 个部分）</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Delete {name}{parts} ({size}) from this computer?
{path}</source>
        <translation>要从本机删除 {name}{parts}（{size}）吗？
{path}</translation>
    </message>
    <message>
        <source>Import a model file</source>
        <translation>导入模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Copy {name} into the models folder, or use it where it is?</source>
        <translation>将 {name} 复制到模型文件夹，还是直接使用原位置的文件？</translation>
    </message>
    <message>
        <source>A copy stays even if the original is moved or its disk is unplugged. Using it where it is saves disk space: its folder is added to the library.</source>
        <translation>即使原文件被移动或其所在磁盘被拔出，副本仍然可用。直接使用原文件可节省磁盘空间：其所在文件夹会被加入模型库。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Use where it is</source>
        <translation>使用原位置的文件</translation>
    </message>
    <message>
        <source>Imported {name}.</source>
        <translation>已导入 {name}。</translation>
    </message>
    <message>
        <source>Add a folder with models</source>
        <translation>添加包含模型的文件夹</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Show or hide the conversations</source>
        <translation>显示或隐藏对话列表</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop loading this model</source>
        <translation>停止加载此模型</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Find, download and manage models (Discover, Downloads, Library)</source>
        <translation>查找、下载和管理模型（发现、下载、模型库）</translation>
    </message>
    <message>
        <source>Show or hide the settings panel</source>
        <translation>显示或隐藏设置面板</translation>
    </message>
    <message>
        <source>Serve the loaded model to other programs (OpenAI API)</source>
        <translation>把已加载的模型提供给其他程序使用（OpenAI API）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import conversation…</source>
        <translation>导入对话(&amp;I)…</translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation>导出为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Export as &amp;JSON…</source>
        <translation>导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Regenerate the last answer</source>
        <translation>重新生成最后的回答(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit your last message</source>
        <translation>编辑你的最后一条消息(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy the last answer</source>
        <translation>复制最后的回答(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <source>Choose a &amp;model…</source>
        <translation>选择模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>外观(&amp;A)</translation>
    </message>
    <message>
        <source>As the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About LlamaDesk</source>
        <translation>关于 LlamaDesk(&amp;A)</translation>
    </message>
    <message>
        <source>There is no answer to write again now.</source>
        <translation>现在没有可以重新生成的回答。</translation>
    </message>
    <message>
        <source>There is no message of yours to edit now.</source>
        <translation>现在没有你可以编辑的消息。</translation>
    </message>
    <message>
        <source>There is no answer to copy now.</source>
        <translation>现在没有可以复制的回答。</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>This connection no longer exists.</source>
        <translation>该连接已不存在。</translation>
    </message>
    <message>
        <source>Choose a model in the toolbar to start chatting</source>
        <translation>在工具栏中选择模型即可开始对话</translation>
    </message>
    <message>
        <source>Deleted &quot;{title}&quot;.</source>
        <translation>已删除“{title}”。</translation>
    </message>
    <message>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>About LlamaDesk</source>
        <translation>关于 LlamaDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LlamaDesk {version}&lt;/h3&gt;&lt;p&gt;Chat with language models that run entirely on your own computer.&lt;/p&gt;&lt;p&gt;llama.cpp through llama-cpp-python {llama}.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LlamaDesk {version}&lt;/h3&gt;&lt;p&gt;与完全在你自己的电脑上运行的语言模型对话。&lt;/p&gt;&lt;p&gt;通过 llama-cpp-python {llama} 使用 llama.cpp。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>This message no longer fits in the model&apos;s context window.</source>
        <translation>这条消息已超出模型的上下文窗口。</translation>
    </message>
    <message>
        <source>Messages above no longer fit in the model&apos;s context window: the model does not see them. Start a new chat or load the model with a larger context to keep more.</source>
        <translation>上面的消息已超出模型的上下文窗口：模型看不到它们。如需保留更多内容，请开始新对话，或以更大的上下文重新加载模型。</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <source>Models — LlamaDesk</source>
        <translation>模型 — LlamaDesk</translation>
    </message>
    <message>
        <source>Discover</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Set an access token</source>
        <translation>设置访问令牌</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Work offline</source>
        <translation>离线工作</translation>
    </message>
    <message>
        <source>This computer: {total} of RAM ({free} free)</source>
        <translation>本机：内存 {total}（可用 {free}）</translation>
    </message>
    <message>
        <source> · {gpu}, {free} free</source>
        <translation> · {gpu}，可用 {free}</translation>
    </message>
    <message>
        <source> · no usable GPU</source>
        <translation> · 没有可用的 GPU</translation>
    </message>
    <message>
        <source>Fits on the GPU</source>
        <translation>可完全放入 GPU</translation>
    </message>
    <message>
        <source>Partly on the GPU</source>
        <translation>部分放入 GPU</translation>
    </message>
    <message>
        <source>Runs on the CPU</source>
        <translation>在 CPU 上运行</translation>
    </message>
    <message>
        <source>Too big</source>
        <translation>太大</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>{name}: not reachable</source>
        <translation>{name}：无法连接</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Opened from elsewhere</source>
        <translation>从其他位置打开的</translation>
    </message>
    <message>
        <source>{model} on {connection} ({address})</source>
        <translation>{connection}（{address}）上的 {model}</translation>
    </message>
    <message>
        <source>Loading {name}… {percent}%</source>
        <translation>正在加载 {name}… {percent}%</translation>
    </message>
    <message>
        <source>The model that answers. Choosing one loads it. (Ctrl+L)</source>
        <translation>回答问题的模型。选择一个即加载它。(Ctrl+L)</translation>
    </message>
    <message>
        <source>{name}
Choose another model (Ctrl+L)</source>
        <translation>{name}
选择其他模型 (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>ModelStatusBar</name>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>{done}/{total} layers</source>
        <translation>{done}/{total} 层</translation>
    </message>
    <message>
        <source>Context: {used} tokens</source>
        <translation>上下文：{used} 个 token</translation>
    </message>
    <message>
        <source>Context: {used} / {size} ({percent}%)</source>
        <translation>上下文：{used} / {size}（{percent}%）</translation>
    </message>
    <message>
        <source>Tokens of this conversation in the model&apos;s context window</source>
        <translation>本对话在模型上下文窗口中占用的 token 数</translation>
    </message>
    <message>
        <source>Answering an API request…</source>
        <translation>正在回答 API 请求…</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} token/s</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>PickerPopup</name>
    <message>
        <source>No model matches &quot;{text}&quot;.</source>
        <translation>没有与“{text}”匹配的模型。</translation>
    </message>
    <message>
        <source>No models yet. Download a recommended one, or open a .gguf file.</source>
        <translation>还没有模型。下载一个推荐的模型，或打开一个 .gguf 文件。</translation>
    </message>
    <message>
        <source>Search models</source>
        <translation>搜索模型</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
    </message>
    <message>
        <source>Download a recommended model…</source>
        <translation>下载推荐的模型…</translation>
    </message>
    <message>
        <source>Eject</source>
        <translation>弹出</translation>
    </message>
    <message>
        <source>Unload the model and free its memory</source>
        <translation>卸载模型并释放它占用的内存</translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Name of the new preset</source>
        <translation>新预设的名称</translation>
    </message>
    <message>
        <source>The name your preset will have in the list. Press Enter to save.</source>
        <translation>预设在列表中显示的名称。按 Enter 保存。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the preset under this name.</source>
        <translation>以此名称保存预设。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close without saving a preset.</source>
        <translation>关闭，不保存预设。</translation>
    </message>
    <message>
        <source>Clear the name.</source>
        <translation>清除名称。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>A built-in preset has this name. Choose another name.</source>
        <translation>已有同名的内置预设，请换一个名称。</translation>
    </message>
    <message>
        <source>Saving replaces your preset with this name.</source>
        <translation>保存后将替换你同名的预设。</translation>
    </message>
</context>
<context>
    <name>PromptDialog</name>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>{tokens} of {n_ctx} tokens of the context window.</source>
        <translation>占用上下文窗口 {n_ctx} 个 token 中的 {tokens} 个。</translation>
    </message>
    <message>
        <source>Left out to fit the context window: %n old message(s).</source>
        <translation>为放入上下文窗口，省略了 %n 条较早的消息。</translation>
    </message>
    <message>
        <source>%n token(s).</source>
        <translation>%n 个 token。</translation>
    </message>
</context>
<context>
    <name>PromptViewer</name>
    <message>
        <source>Load a model to see the prompt it reads for this answer.</source>
        <translation>请先加载模型，才能查看它为这条回答读取的提示词。</translation>
    </message>
    <message>
        <source>Shown as {loaded} reads it; this answer was written by {model}.</source>
        <translation>这里显示的是 {loaded} 读取的提示词；这条回答由 {model} 生成。</translation>
    </message>
</context>
<context>
    <name>RepoView</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Open on the Hub</source>
        <translation>在 Hub 上打开</translation>
    </message>
    <message>
        <source>The context size changes how much memory a model needs; judge at this size</source>
        <translation>上下文长度会影响模型所需的内存；按此长度判断</translation>
    </message>
    <message>
        <source>Checking this computer…</source>
        <translation>正在检查本机…</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Loading the repository…</source>
        <translation>正在加载仓库…</translation>
    </message>
    <message>
        <source>Set an access token</source>
        <translation>设置访问令牌</translation>
    </message>
    <message>
        <source>Licence not stated</source>
        <translation>未注明许可协议</translation>
    </message>
    <message>
        <source>{n} downloads</source>
        <translation>{n} 次下载</translation>
    </message>
    <message>
        <source>{n} likes</source>
        <translation>{n} 个赞</translation>
    </message>
    <message>
        <source>updated {date}</source>
        <translation>更新于 {date}</translation>
    </message>
    <message>
        <source>This model is gated: its authors ask you to accept their licence on its page (logged in to the Hub), and LlamaDesk needs an access token to download it. Set the token in Settings, on the Hub page of the model manager.</source>
        <translation>此模型需要授权：作者要求你（登录 Hub 后）在其页面上接受许可协议，LlamaDesk 还需要访问令牌才能下载。请在模型管理器的“设置”页面中设置令牌。</translation>
    </message>
    <message>
        <source>Open its page</source>
        <translation>打开其页面</translation>
    </message>
    <message>
        <source>This repository has no GGUF model files to download.</source>
        <translation>此仓库中没有可下载的 GGUF 模型文件。</translation>
    </message>
    <message>
        <source>Checking how each file fits this computer…</source>
        <translation>正在检查每个文件能否在本机运行…</translation>
    </message>
    <message>
        <source>{e} The model&apos;s other files most likely share the problem, so none is recommended.</source>
        <translation>{e}该模型的其他文件很可能有同样的问题，因此不推荐任何一个。</translation>
    </message>
    <message>
        <source>Rough verdicts from the file sizes: the header could not be read ({e})</source>
        <translation>根据文件大小粗略判断：无法读取文件头（{e}）</translation>
    </message>
    <message>
        <source>Rough verdicts from the file sizes (the model is gated).</source>
        <translation>根据文件大小粗略判断（该模型需要授权）。</translation>
    </message>
    <message>
        <source> ({n} parts)</source>
        <translation>（{n} 个部分）</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Would not load</source>
        <translation>无法加载</translation>
    </message>
    <message>
        <source>recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>{n} (the model&apos;s maximum)</source>
        <translation>{n}（模型的最大值）</translation>
    </message>
    <message>
        <source>Download {quant} · {size}</source>
        <translation>下载 {quant} · {size}</translation>
    </message>
    <message>
        <source>Recommended: {why}</source>
        <translation>推荐：{why}</translation>
    </message>
</context>
<context>
    <name>RowDelegate</name>
    <message>
        <source>Loading {percent}%</source>
        <translation>正在加载 {percent}%</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
</context>
<context>
    <name>ServerPanel</name>
    <message>
        <source>Local server</source>
        <translation>本地服务器</translation>
    </message>
    <message>
        <source>Let other programs (editors, Open WebUI, scripts using the openai package) use the loaded model through an OpenAI-compatible API. What a request leaves out, such as the temperature, follows your defaults in Settings.</source>
        <translation>让其他程序（编辑器、Open WebUI、使用 openai 包的脚本）通过兼容 OpenAI 的 API 使用已加载的模型。请求中未指定的设置（例如温度）沿用你在“设置”中的默认值。</translation>
    </message>
    <message>
        <source>This computer only</source>
        <translation>仅限本机</translation>
    </message>
    <message>
        <source>Local network (needs an API key)</source>
        <translation>局域网（需要 API 密钥）</translation>
    </message>
    <message>
        <source>Reachable from</source>
        <translation>可访问范围</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <source>Make a new key the next time the server starts: the old one stops working.</source>
        <translation>下次启动服务器时生成新密钥：旧密钥将失效。</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>No model loaded: load one to serve it.</source>
        <translation>未加载模型：请先加载一个模型再提供服务。</translation>
    </message>
    <message>
        <source>Answering a request…</source>
        <translation>正在回答请求…</translation>
    </message>
    <message>
        <source>Listening</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <source>Stop server</source>
        <translation>停止服务器</translation>
    </message>
    <message>
        <source>A new API key was made and kept in the keychain. Give it to the programs that call (as &apos;Authorization: Bearer KEY&apos;); copy it now, it is shown in full only once.</source>
        <translation>已生成新的 API 密钥并保存在钥匙串中。请把它交给调用的程序（以 &apos;Authorization: Bearer KEY&apos; 的形式）；请现在复制，完整密钥只显示这一次。</translation>
    </message>
    <message>
        <source>Programs on the local network must send this key.</source>
        <translation>局域网中的程序必须发送此密钥。</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>{speed:.1f} tok/s</source>
        <translation>{speed:.1f} tok/s</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>F16 (default)</source>
        <translation>F16（默认）</translation>
    </message>
    <message>
        <source>Q8_0 (half the memory)</source>
        <translation>Q8_0（内存减半）</translation>
    </message>
    <message>
        <source>Q5_1 (about a third)</source>
        <translation>Q5_1（约三分之一）</translation>
    </message>
    <message>
        <source>Q5_0 (about a third)</source>
        <translation>Q5_0（约三分之一）</translation>
    </message>
    <message>
        <source>Q4_1 (under a third)</source>
        <translation>Q4_1（不到三分之一）</translation>
    </message>
    <message>
        <source>IQ4_NL (a quarter)</source>
        <translation>IQ4_NL（四分之一）</translation>
    </message>
    <message>
        <source>Q4_0 (a quarter)</source>
        <translation>Q4_0（四分之一）</translation>
    </message>
    <message>
        <source>BF16 (like F16)</source>
        <translation>BF16（与 F16 相同）</translation>
    </message>
    <message>
        <source>F32 (twice F16)</source>
        <translation>F32（F16 的两倍）</translation>
    </message>
    <message>
        <source>What the model should know and do in every answer: who it is, how to answer, what to avoid. Saved as you type.</source>
        <translation>模型在每次回答时都应了解和遵循的内容：它的身份、回答方式以及需要避免的事项。输入时自动保存。</translation>
    </message>
    <message>
        <source>For example: You are a helpful assistant. Answer briefly and clearly.</source>
        <translation>例如：你是一个乐于助人的助手。请简洁、清晰地回答。</translation>
    </message>
    <message>
        <source>Clear the seed: a new random seed for every answer.</source>
        <translation>清除随机种子：每次回答都使用新的随机种子。</translation>
    </message>
    <message>
        <source>For example: &lt;/s&gt;, \nUser:</source>
        <translation>例如：&lt;/s&gt;, \nUser:</translation>
    </message>
    <message>
        <source>End once every beam has an answer</source>
        <translation>每个束都有答案后即结束</translation>
    </message>
    <message>
        <source>Seed must be a whole number from 0 to {max}, or empty for random.</source>
        <translation>随机种子必须是 0 到 {max} 之间的整数，留空则随机。</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Changes apply to this conversation only.</source>
        <translation>更改仅对当前对话生效。</translation>
    </message>
    <message>
        <source>Defaults for new conversations: each one starts with these settings.</source>
        <translation>新对话的默认设置：每个新对话都以这些设置开始。</translation>
    </message>
    <message>
        <source>Differs from the defaults</source>
        <translation>与默认设置不同</translation>
    </message>
    <message>
        <source>Same as the defaults</source>
        <translation>与默认设置相同</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Instructions the model reads before the conversation: its role, tone and rules.</source>
        <translation>模型在对话开始前读取的指令：它的角色、语气和规则。</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>How the model picks each next word. Applies from the next answer.</source>
        <translation>模型如何选择下一个词。从下一次回答起生效。</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
    <message>
        <source>This model reasons before it answers. Applies from the next answer.</source>
        <translation>此模型会先推理再回答。从下一条回答起生效。</translation>
    </message>
    <message>
        <source>Model loading</source>
        <translation>模型加载</translation>
    </message>
    <message>
        <source>How the model is put in memory. Takes effect when the model is reloaded.</source>
        <translation>模型如何载入内存。重新加载模型后生效。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Stop strings</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>Beams</source>
        <translation>束数</translation>
    </message>
    <message>
        <source>Length penalty</source>
        <translation>长度惩罚</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Think first</source>
        <translation>先思考</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>Thinking budget</source>
        <translation>思考预算</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Memory map</source>
        <translation>内存映射</translation>
    </message>
    <message>
        <source>Higher values make answers more varied and creative; lower values make them more focused and predictable. 0 always picks the most likely word.</source>
        <translation>值越高，回答越多样、越有创意；值越低，回答越集中、越可预测。设为 0 时总是选择可能性最大的词。</translation>
    </message>
    <message>
        <source>Considers only the most likely words whose chances add up to this share. Lower values keep answers on safer ground; 1 turns this off.</source>
        <translation>只考虑可能性最大、且概率累加达到此比例的那些词。值越低，回答越稳妥；设为 1 时关闭。</translation>
    </message>
    <message>
        <source>Considers only this many of the most likely words at each step. Lower values make answers more focused; 0 turns this off.</source>
        <translation>每一步只考虑可能性最大的这么多个词。值越低，回答越集中；设为 0 时关闭。</translation>
    </message>
    <message>
        <source>Leaves out words far less likely than the best one: a word needs at least this share of the top word&apos;s chance. 0 turns this off.</source>
        <translation>排除可能性远低于最佳候选的词：一个词的概率至少要达到最佳候选概率的这一比例。设为 0 时关闭。</translation>
    </message>
    <message>
        <source>Makes the model less likely to repeat words it has just used. 1 turns this off; about 1.1 suits most models.</source>
        <translation>降低模型重复刚用过的词的可能性。设为 1 时关闭；大多数模型适合 1.1 左右。</translation>
    </message>
    <message>
        <source>The longest an answer may be, in tokens (a token is about three quarters of a word). The answer stops when it reaches this length.</source>
        <translation>回答的最大长度，以 token 计（一个 token 约相当于四分之三个英文单词）。回答达到此长度时停止。</translation>
    </message>
    <message>
        <source>The starting point of the random choices. Leave empty for a different answer each time; enter a number to get the same answer again for the same question and settings.</source>
        <translation>随机选择的起点。留空则每次得到不同的回答；填入数字后，相同的问题和设置会再次得到相同的回答。</translation>
    </message>
    <message>
        <source>The answer ends as soon as the model writes one of these. One per line or separated by commas; write \n for a new line, \t for a tab, \, for a comma and \s for a space at the start or end.</source>
        <translation>模型一旦写出其中任意一个，回答即结束。每行一个，或用英文逗号分隔；用 \n 表示换行，\t 表示制表符，\, 表示逗号，\s 表示开头或结尾的空格。</translation>
    </message>
    <message>
        <source>Beam search: follows this many of the most probable answers at once and gives the most probable whole answer, the same every time. Good for translations and summaries; slower. 1 turns it off (the settings above then choose each word).</source>
        <translation>束搜索：同时跟踪这么多个最可能的答案，给出整体上最可能的答案，每次都相同。适合翻译和摘要；速度较慢。1 表示关闭（此时由上面的设置选择每个词）。</translation>
    </message>
    <message>
        <source>Beam search: above 0 favours longer answers, below 0 shorter ones; 0 compares answers by probability alone.</source>
        <translation>束搜索：大于 0 偏向较长的答案，小于 0 偏向较短的答案；0 只按概率比较答案。</translation>
    </message>
    <message>
        <source>Beam search: stop as soon as there are as many finished answers as beams. Off, it searches on while a longer answer could still win.</source>
        <translation>束搜索：完成的答案数与束数相同时立即停止。关闭时，只要更长的答案仍可能胜出就继续搜索。</translation>
    </message>
    <message>
        <source>Whether the model thinks before it answers. Thinking gives better answers to hard questions; turning it off answers faster. Model default leaves it to the model&apos;s own setting.</source>
        <translation>模型是否先思考再回答。思考能让难题的回答更好；关闭后回答更快。“模型默认”则沿用模型自身的设置。</translation>
    </message>
    <message>
        <source>How long the model reasons: Low answers fastest, High thinks longest for the hardest questions. Model default is usually Medium.</source>
        <translation>模型推理的时长：“低”回答最快，“高”在最难的问题上思考最久。“模型默认”通常为“中”。</translation>
    </message>
    <message>
        <source>The most tokens the model may spend thinking. When it reaches them, LlamaDesk ends its thinking and asks for the answer. No limit lets it think as long as it needs.</source>
        <translation>模型思考最多可用的 token 数。达到后，LlamaDesk 会结束思考并要求模型给出回答。“不限”则让它想多久就多久。</translation>
    </message>
    <message>
        <source>How much of the model runs on the graphics card. Auto puts as many layers there as fit in its memory, All puts every layer there, None runs everything on the processor.</source>
        <translation>模型有多少在显卡上运行。“自动”在显存允许的范围内放入尽可能多的层，“全部”放入所有层，“无”则全部在 CPU 上运行。</translation>
    </message>
    <message>
        <source>How many processor threads run the model. Auto uses one per physical core, which is usually fastest.</source>
        <translation>运行模型使用的 CPU 线程数。“自动”为每个物理核心使用一个线程，通常速度最快。</translation>
    </message>
    <message>
        <source>A faster way to compute attention that also saves memory. Auto uses it where this computer supports it. A quantized KV cache needs it.</source>
        <translation>一种更快、更省内存的注意力计算方式。“自动”在本机支持时启用。量化的 KV 缓存需要它。</translation>
    </message>
    <message>
        <source>How the model&apos;s memory of the conversation (the KV cache) is stored. Smaller types fit a longer context in the same memory at a small cost in quality; they need flash attention.</source>
        <translation>模型对对话的记忆（即 KV 缓存）的存储方式。较小的类型能在同样的内存中容纳更长的上下文，质量略有损失；它们需要启用 Flash Attention。</translation>
    </message>
    <message>
        <source>Read the model file from disk as it is needed instead of copying it into memory first. Loads faster and lets the system share memory; turn it off if the file is on a slow or unreliable drive.</source>
        <translation>按需从磁盘读取模型文件，而不是先将其完整复制到内存中。加载更快，并且系统可以共享内存；如果文件位于较慢或不可靠的驱动器上，请关闭此项。</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Fill in a ready-made system prompt. Ready ones come first, then your own.</source>
        <translation>填入现成的系统提示词。先列出内置的，然后是你保存的。</translation>
    </message>
    <message>
        <source>Save the instructions as a preset of your own.</source>
        <translation>将这些指令保存为你自己的预设。</translation>
    </message>
    <message>
        <source>Delete the selected preset of your own. Ready-made presets cannot be deleted.</source>
        <translation>删除所选的你保存的预设。内置预设无法删除。</translation>
    </message>
    <message>
        <source>Start from a ready-made combination: Precise for facts and code, Balanced for everyday chat, Creative for stories and ideas. Your own presets follow.</source>
        <translation>从现成的组合开始：“精确”适合事实和代码，“均衡”适合日常聊天，“创意”适合故事和创意构思。之后是你保存的预设。</translation>
    </message>
    <message>
        <source>Save the sampling settings below as a preset of your own.</source>
        <translation>将下方的采样设置保存为你自己的预设。</translation>
    </message>
    <message>
        <source>Delete the selected preset of your own. Built-in presets cannot be deleted.</source>
        <translation>删除所选的你保存的预设。内置预设无法删除。</translation>
    </message>
    <message>
        <source>{size} tokens</source>
        <translation>{size} token</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>How much text, in tokens, the model keeps in view: the conversation plus the answer. Larger sizes remember more but need more memory. Auto uses the length the model was trained for, or less if that does not fit in memory.</source>
        <translation>模型能同时看到的文本量（以 token 计）：对话加上回答。越大记住的越多，但需要更多内存。“自动”使用模型训练时的长度；内存放不下时则更短。</translation>
    </message>
    <message>
        <source>{size} tokens · {memory}</source>
        <translation>{size} token · {memory}</translation>
    </message>
    <message>
        <source>Auto ({size} tokens · {memory})</source>
        <translation>自动（{size} token · {memory}）</translation>
    </message>
    <message>
        <source>⚠ More than the {trained} tokens this model was trained on: its answers may fall apart beyond that length.</source>
        <translation>⚠ 超过了此模型训练时的 {trained} 个 token：超出这个长度后，它的回答可能会变得混乱。</translation>
    </message>
    <message>
        <source>This model was trained on {trained} tokens.</source>
        <translation>此模型训练时的上下文长度为 {trained} 个 token。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>None (CPU only)</source>
        <translation>无（仅 CPU）</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>1 setting differs from the defaults</source>
        <translation>有 1 项设置与默认设置不同</translation>
    </message>
    <message>
        <source>%n settings differ from the defaults</source>
        <translation>有 %n 项设置与默认设置不同</translation>
    </message>
    <message>
        <source>A context size of your choice, in tokens.</source>
        <translation>自定义上下文长度，以 token 计。</translation>
    </message>
    <message>
        <source>How many layers to put on the graphics card; the rest run on the processor.</source>
        <translation>放到显卡上运行的层数；其余的层在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Read the file as needed</source>
        <translation>按需读取文件</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃更改</translation>
    </message>
    <message>
        <source>Undo the changes above and keep the options the model was loaded with.</source>
        <translation>撤销上面的更改，保留模型加载时使用的选项。</translation>
    </message>
    <message>
        <source>Apply and reload model</source>
        <translation>应用并重新加载模型</translation>
    </message>
    <message>
        <source>Reload the model with the options above. The conversation is kept.</source>
        <translation>使用上面的选项重新加载模型。对话内容会保留。</translation>
    </message>
    <message>
        <source>Reloads the model: this takes a few seconds.</source>
        <translation>将重新加载模型，需要几秒钟。</translation>
    </message>
    <message>
        <source>This conversation</source>
        <translation>当前对话</translation>
    </message>
    <message>
        <source>Show and change the settings of the open conversation only. Other conversations are not affected.</source>
        <translation>仅查看和更改当前打开的对话的设置，其他对话不受影响。</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>Show and change the defaults: every new conversation starts with these settings.</source>
        <translation>查看和更改默认设置：每个新对话都以这些设置开始。</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Drop this conversation&apos;s own settings and use the defaults again.</source>
        <translation>放弃此对话的单独设置，重新使用默认设置。</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <source>Auto (%n core(s))</source>
        <translation>自动（%n 核）</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Models and window</source>
        <translation>模型与窗口</translation>
    </message>
    <message>
        <source>Send the message (also when editing one)</source>
        <translation>发送消息（编辑消息时也一样）</translation>
    </message>
    <message>
        <source>Start a new line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Stop the answer, or stop editing a message</source>
        <translation>停止回答，或停止编辑消息</translation>
    </message>
    <message>
        <source>Write the last answer again</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <source>Edit your last message</source>
        <translation>编辑你的最后一条消息</translation>
    </message>
    <message>
        <source>Copy the last answer</source>
        <translation>复制最后的回答</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>开始新对话</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <source>Show or hide the conversations</source>
        <translation>显示或隐藏对话列表</translation>
    </message>
    <message>
        <source>Open the conversation above or below</source>
        <translation>打开上方或下方的对话</translation>
    </message>
    <message>
        <source>Rename the conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Delete the conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <source>Find, download and manage models</source>
        <translation>查找、下载和管理模型</translation>
    </message>
    <message>
        <source>Show or hide the settings panel</source>
        <translation>显示或隐藏设置面板</translation>
    </message>
    <message>
        <source>Show these keyboard shortcuts</source>
        <translation>显示这些键盘快捷键</translation>
    </message>
    <message>
        <source>Quit LlamaDesk</source>
        <translation>退出 LlamaDesk</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>SystemMessage</name>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
</context>
<context>
    <name>TaskDialog</name>
    <message>
        <source>Detect the language</source>
        <translation>自动检测语言</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>Into</source>
        <translation>译成</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Choose two different languages.</source>
        <translation>请选择两种不同的语言。</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Something went wrong: {error}. The details are in the log file.</source>
        <translation>出现了问题：{error}。详细信息请查看日志文件。</translation>
    </message>
</context>
<context>
    <name>TaskStarter</name>
    <message>
        <source>New &amp;task</source>
        <translation>新建任务(&amp;T)</translation>
    </message>
</context>
<context>
    <name>TaskStarters</name>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Into another language, the most probable translation</source>
        <translation>译成另一种语言，给出最可能的译文</translation>
    </message>
    <message>
        <source>Summarise</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>A short summary, a paragraph or bullet points</source>
        <translation>简短摘要、一段话或要点列表</translation>
    </message>
    <message>
        <source>Ask about a document</source>
        <translation>就文档提问</translation>
    </message>
    <message>
        <source>Answers from the document you attach</source>
        <translation>根据你附加的文档回答</translation>
    </message>
    <message>
        <source>Continue a text</source>
        <translation>续写文本</translation>
    </message>
    <message>
        <source>The model writes on from your words</source>
        <translation>模型接着你的文字写下去</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Chinese (Simplified)</source>
        <translation>中文（简体）</translation>
    </message>
    <message>
        <source>Chinese (Traditional)</source>
        <translation>中文（繁体）</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>瑞典语</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>捷克语</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希腊语</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯来语</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>波斯语</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <source>Bengali</source>
        <translation>孟加拉语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>印度尼西亚语</translation>
    </message>
    <message>
        <source>Short: a sentence or two</source>
        <translation>简短：一两句话</translation>
    </message>
    <message>
        <source>A paragraph</source>
        <translation>一段话</translation>
    </message>
    <message>
        <source>Bullet points</source>
        <translation>要点列表</translation>
    </message>
    <message>
        <source>Translation into {language}</source>
        <translation>译成{language}</translation>
    </message>
    <message>
        <source>Translation from {source} into {target}</source>
        <translation>从{source}译成{target}</translation>
    </message>
    <message>
        <source>Short summary</source>
        <translation>简短摘要</translation>
    </message>
    <message>
        <source>Summary in a paragraph</source>
        <translation>一段话摘要</translation>
    </message>
    <message>
        <source>Summary in bullet points</source>
        <translation>要点摘要</translation>
    </message>
    <message>
        <source>Questions about a document</source>
        <translation>文档问答</translation>
    </message>
    <message>
        <source>Continued text</source>
        <translation>续写文本</translation>
    </message>
    <message>
        <source>Its instructions and settings are in the settings panel: change them freely.</source>
        <translation>它的指令和设置在设置面板中，可以随意修改。</translation>
    </message>
    <message>
        <source>Paste or type the text below: the answer is its translation, and nothing else. Beam search (4 beams) finds the most probable translation, the same every time.</source>
        <translation>在下方粘贴或输入文本：回答只包含译文，别无其他。束搜索（4 个束）会找出最可能的译文，每次都相同。</translation>
    </message>
    <message>
        <source>Paste the text to summarise below.</source>
        <translation>在下方粘贴要摘要的文本。</translation>
    </message>
    <message>
        <source>Attach the document with the paperclip below or drop it here (text, Markdown, code, PDF or Word), or paste its text; then ask your question. The answer comes from the document only, and says so when the document does not tell.</source>
        <translation>用下方的回形针附加文档，或将其拖放到这里（文本、Markdown、代码、PDF 或 Word），也可以粘贴文档的文本；然后提出你的问题。回答只依据该文档，文档中没有答案时会直接说明。</translation>
    </message>
    <message>
        <source>Attach the document or paste its text, then ask your question…</source>
        <translation>附加文档或粘贴其文本，然后提出你的问题…</translation>
    </message>
    <message>
        <source>Type the beginning of a text: the model carries it on as it is, with no chat template and no instructions. Send more text to go on writing together.</source>
        <translation>输入一段文本的开头：模型会原样接着写下去，不使用聊天模板，也没有指令。发送更多文本即可继续共同写作。</translation>
    </message>
    <message>
        <source>The text to translate…</source>
        <translation>要翻译的文本…</translation>
    </message>
    <message>
        <source>The text to summarise…</source>
        <translation>要摘要的文本…</translation>
    </message>
    <message>
        <source>The beginning of your text…</source>
        <translation>你的文本的开头…</translation>
    </message>
</context>
<context>
    <name>TextViewer</name>
    <message>
        <source>The whole text, as it was written. Very long lines are shown broken; Copy takes them as they are.</source>
        <translation>完整文本，保持原样。过长的行会折断显示；“全部复制”会按原样复制。</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>ThinkingBlock</name>
    <message>
        <source>Thinking… {seconds} s</source>
        <translation>思考中… {seconds} 秒</translation>
    </message>
    <message>
        <source>Thoughts</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <source>Thought for less than a second</source>
        <translation>思考了不到一秒</translation>
    </message>
    <message>
        <source>Thought for {seconds} s</source>
        <translation>思考了 {seconds} 秒</translation>
    </message>
    <message>
        <source>Hide the model&apos;s reasoning</source>
        <translation>隐藏模型的推理过程</translation>
    </message>
    <message>
        <source>Show the model&apos;s reasoning</source>
        <translation>显示模型的推理过程</translation>
    </message>
</context>
<context>
    <name>TypingIndicator</name>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
</context>
<context>
    <name>UserMessage</name>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Click to read the text the model got.</source>
        <translation>点击查看模型收到的文本。</translation>
    </message>
    <message>
        <source>The text LlamaDesk read from this file, as the model was given it. Very long lines are shown broken; Copy takes them as they are.</source>
        <translation>LlamaDesk 从此文件中读取的文本，与模型收到的完全一致。过长的行会折断显示；“全部复制”会按原样复制。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Save &amp;&amp; Send</source>
        <translation>保存并发送</translation>
    </message>
    <message>
        <source>Send the edited message (Enter; Shift+Enter for a new line)</source>
        <translation>发送编辑后的消息（Enter；Shift+Enter 换行）</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Download a recommended model</source>
        <translation>下载推荐的模型</translation>
    </message>
    <message>
        <source>Choose one of the chat models LlamaDesk recommends and download it</source>
        <translation>从 LlamaDesk 推荐的对话模型中选一个并下载</translation>
    </message>
    <message>
        <source>Open a GGUF file…</source>
        <translation>打开 GGUF 文件…</translation>
    </message>
    <message>
        <source>Load a model file (.gguf) from anywhere on this computer</source>
        <translation>从这台电脑上的任意位置加载模型文件（.gguf）</translation>
    </message>
    <message>
        <source>Open the models folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <source>Model files placed in this folder appear in the model list</source>
        <translation>放在此文件夹中的模型文件会出现在模型列表中</translation>
    </message>
    <message>
        <source>Welcome to LlamaDesk</source>
        <translation>欢迎使用 LlamaDesk</translation>
    </message>
    <message>
        <source>Chat with AI models that run entirely on this computer: nothing you type leaves it. To begin you need a model file in GGUF format, for example Llama 3.2 1B Instruct in Q4_K_M (about 0.8 GB). Open one, or put .gguf files in the models folder:
{folder}</source>
        <translation>与完全在本机运行的 AI 模型对话：你输入的任何内容都不会离开这台电脑。开始之前，你需要一个 GGUF 格式的模型文件，例如 Q4_K_M 量化的 Llama 3.2 1B Instruct（约 0.8 GB）。打开模型文件，或者把 .gguf 文件放进模型文件夹：
{folder}</translation>
    </message>
    <message>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>Pick a model in the toolbar above to start chatting, or open a file.</source>
        <translation>在上方工具栏中选择模型即可开始对话，也可以打开一个模型文件。</translation>
    </message>
    <message>
        <source>Loading {model}…</source>
        <translation>正在加载 {model}…</translation>
    </message>
    <message>
        <source>Large models can take a little while to load.</source>
        <translation>较大的模型可能需要一些时间来加载。</translation>
    </message>
    <message>
        <source>What can I help with?</source>
        <translation>有什么可以帮你的？</translation>
    </message>
    <message>
        <source>{model} is ready. Everything stays on this computer.</source>
        <translation>{model} 已就绪。所有内容都只留在这台电脑上。</translation>
    </message>
</context>
</TS>
