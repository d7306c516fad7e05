<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>FailedPage</name>
    <message numerus="yes">
        <source>You can try %n more time(s).</source>
        <translation>
            <numerusform>You can try %n more time.</numerusform>
            <numerusform>You can try %n more times.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>PIN entry is paused for %n second(s).</source>
        <translation>
            <numerusform>PIN entry is paused for %n second.</numerusform>
            <numerusform>PIN entry is paused for %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN entry is paused for %n minute(s).</source>
        <translation>
            <numerusform>PIN entry is paused for %n minute.</numerusform>
            <numerusform>PIN entry is paused for %n minutes.</numerusform>
        </translation>
    </message>
</context>
</TS>
