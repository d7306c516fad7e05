<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>SettingsScreen</name>
    <message numerus="yes">
        <source>Saved: %n change(s), each recorded in the audit trail.</source>
        <translation>
            <numerusform>Saved: %n change, each recorded in the audit trail.</numerusform>
            <numerusform>Saved: %n changes, each recorded in the audit trail.</numerusform>
        </translation>
    </message>
</context>
</TS>
