<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ClaimPage</name>
    <message numerus="yes">
        <source>Looking for a code… %n second(s) left.</source>
        <translation>
            <numerusform>Looking for a code… %n second left.</numerusform>
            <numerusform>Looking for a code… %n seconds left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>Time left: %n second(s)</source>
        <translation>
            <numerusform>Time left: %n second</numerusform>
            <numerusform>Time left: %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FailedPage</name>
    <message numerus="yes">
        <source>Your PIN always works. You can also try your face %n more time(s).</source>
        <translation>
            <numerusform>Your PIN always works. You can also try your face %n more time.</numerusform>
            <numerusform>Your PIN always works. You can also try your face %n more times.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message numerus="yes">
        <source>%n more wrong PIN(s) and PIN entry pauses for a while.</source>
        <translation>
            <numerusform>%n more wrong PIN and PIN entry pauses for a while.</numerusform>
            <numerusform>%n more wrong PINs and PIN entry pauses for a while.</numerusform>
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
<context>
    <name>StillTherePrompt</name>
    <message numerus="yes">
        <source>To protect your details, this screen starts over in %n second(s).</source>
        <translation>
            <numerusform>To protect your details, this screen starts over in %n second.</numerusform>
            <numerusform>To protect your details, this screen starts over in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
