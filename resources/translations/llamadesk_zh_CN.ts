<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatController</name>
    <message>
        <source>Load a model first: choose one in the toolbar.</source>
        <translation>请先加载模型：在工具栏中选择一个。</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message the model… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
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
        <source>%n tokens</source>
        <comment>generated tokens</comment>
        <translation>%n token</translation>
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
        <source>Finished because: {reason}</source>
        <translation>结束原因：{reason}</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
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
        <source>Keep it for this session only (forgotten when LlamaDesk quits)</source>
        <translation>仅在本次运行期间保存（退出 LlamaDesk 后清除）</translation>
    </message>
    <message>
        <source>Save it in a file that only you can read</source>
        <translation>保存到只有你能读取的文件中</translation>
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
        <source>Choose where LlamaDesk keeps the token:</source>
        <translation>请选择 LlamaDesk 保存令牌的位置：</translation>
    </message>
    <message>
        <source>Save it in a file that only you can read ({path})</source>
        <translation>保存到只有你能读取的文件中（{path}）</translation>
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
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model that answers. Choosing one loads it.</source>
        <translation>负责回答的模型。选择后即开始加载。</translation>
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
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
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
        <source>&amp;About LlamaDesk</source>
        <translation>关于 LlamaDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Choose a model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>打开模型文件…</translation>
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
        <source>The language changes the next time LlamaDesk starts.</source>
        <translation>语言将在下次启动 LlamaDesk 时生效。</translation>
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
        <source>Settings</source>
        <translation>设置</translation>
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
        <source>Context: 0 / {size}</source>
        <translation>上下文：0 / {size}</translation>
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
    <name>SettingsPanel</name>
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
        <source>How much text, in tokens, the model keeps in view: the conversation plus the answer. Larger sizes remember more but need more memory. Model default uses the length the model was trained for.</source>
        <translation>模型能同时看到的文本量（以 token 计），包括对话内容和回答。长度越大，能记住的内容越多，但需要的内存也越多。“模型默认”使用模型训练时的长度。</translation>
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
        <source>Auto (%n cores)</source>
        <translation>自动（%n 核）</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
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
<context>
    <name>_AssistantMessage</name>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
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
    <name>_BranchSwitcher</name>
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
    <name>_CodeBlock</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>_CopyButton</name>
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
    <name>_MessageWidget</name>
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
    <name>_SystemMessage</name>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
</context>
<context>
    <name>_TypingIndicator</name>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
</context>
<context>
    <name>_UserMessage</name>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
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
        <source>Send the edited message (Ctrl+Enter)</source>
        <translation>发送编辑后的消息（Ctrl+Enter）</translation>
    </message>
</context>
</TS>
