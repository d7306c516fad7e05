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
    <name>AuditText</name>
    <message numerus="yes">
        <source>%n member(s) imported or updated.</source>
        <translation>
            <numerusform>%n member imported or updated.</numerusform>
            <numerusform>%n members imported or updated.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retention purge: %n face template(s) deleted.</source>
        <translation>
            <numerusform>Retention purge: %n face template deleted.</numerusform>
            <numerusform>Retention purge: %n face templates deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audit record(s) exported (%1).</source>
        <translation>
            <numerusform>%n audit record exported (%1).</numerusform>
            <numerusform>%n audit records exported (%1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pass revocation(s) exported.</source>
        <translation>
            <numerusform>%n pass revocation exported.</numerusform>
            <numerusform>%n pass revocations exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pass revocation(s) imported.</source>
        <translation>
            <numerusform>%n pass revocation imported.</numerusform>
            <numerusform>%n pass revocations imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message numerus="yes">
        <source>Face use is paused: this kiosk has not heard from the site for %n minute(s), so a withdrawal made at another gate may not have reached it. Card and PIN go on.</source>
        <translation>
            <numerusform>Face use is paused: this kiosk has not heard from the site for %n minute, so a withdrawal made at another gate may not have reached it. Card and PIN go on.</numerusform>
            <numerusform>Face use is paused: this kiosk has not heard from the site for %n minutes, so a withdrawal made at another gate may not have reached it. Card and PIN go on.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message numerus="yes">
        <source>%n revocation(s) saved to %1.</source>
        <translation>
            <numerusform>%n revocation saved to %1.</numerusform>
            <numerusform>%n revocations saved to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revocation list imported from %1: %n new revocation(s).</source>
        <translation>
            <numerusform>Revocation list imported from %1: %n new revocation.</numerusform>
            <numerusform>Revocation list imported from %1: %n new revocations.</numerusform>
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
