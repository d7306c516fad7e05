<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AlertsPanel</name>
    <message numerus="yes">
        <source>%n time(s), last at %1</source>
        <translation>
            <numerusform>%n time, last at %1</numerusform>
            <numerusform>%n times, last at %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Alerts: %n open</source>
        <translation>
            <numerusform>Alerts: %n open</numerusform>
            <numerusform>Alerts: %n open</numerusform>
        </translation>
    </message>
</context>
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
<context>
    <name>StaffPage</name>
    <message numerus="yes">
        <source>Dashboard, %n open alert(s)</source>
        <translation>
            <numerusform>Dashboard, %n open alert</numerusform>
            <numerusform>Dashboard, %n open alerts</numerusform>
        </translation>
    </message>
</context>
</TS>
