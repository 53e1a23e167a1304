<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>ConversationList</name>
        <message numerus="yes">
            <source>%n minute(s) ago</source>
            <translation>
                <numerusform>%n minute ago</numerusform>
                <numerusform>%n minutes ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hour(s) ago</source>
            <translation>
                <numerusform>%n hour ago</numerusform>
                <numerusform>%n hours ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>%n day ago</numerusform>
                <numerusform>%n days ago</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConversationView</name>
        <message numerus="yes">
            <source>%n token(s)</source>
            <comment>generated tokens</comment>
            <translation>
                <numerusform>%n token</numerusform>
                <numerusform>%n tokens</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n beams</source>
            <comment>beam search</comment>
            <translation>
                <numerusform>%n beams</numerusform>
                <numerusform>%n beams</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n token(s) of reasoning</source>
            <comment>thinking tokens</comment>
            <translation>
                <numerusform>%n token of reasoning</numerusform>
                <numerusform>%n tokens of reasoning</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PromptDialog</name>
        <message numerus="yes">
            <source>Left out to fit the context window: %n old message(s).</source>
            <translation>
                <numerusform>Left out to fit the context window: %n old message.</numerusform>
                <numerusform>Left out to fit the context window: %n old messages.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n token(s).</source>
            <translation>
                <numerusform>%n token.</numerusform>
                <numerusform>%n tokens.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SettingsPanel</name>
        <message numerus="yes">
            <source>%n settings differ from the defaults</source>
            <translation>
                <numerusform>%n settings differ from the defaults</numerusform>
                <numerusform>%n settings differ from the defaults</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Auto (%n core(s))</source>
            <translation>
                <numerusform>Auto (%n core)</numerusform>
                <numerusform>Auto (%n cores)</numerusform>
            </translation>
        </message>
    </context>
</TS>
