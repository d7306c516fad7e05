<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertsPanel</name>
    <message>
        <source>A visitor asks for help</source>
        <translation>访客请求帮助</translation>
    </message>
    <message>
        <source>PIN locked after wrong tries</source>
        <translation>密码多次输错，已锁定</translation>
    </message>
    <message>
        <source>Face check failed repeatedly</source>
        <translation>人脸核验多次失败</translation>
    </message>
    <message>
        <source>The gate did not open</source>
        <translation>闸机未能打开</translation>
    </message>
    <message>
        <source>Liveness check refused</source>
        <translation>活体检测未通过</translation>
    </message>
    <message numerus="yes">
        <source>%n time(s), last at %1</source>
        <translation>
            <numerusform>共 %n 次，最近一次 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Asked on the screen: %1</source>
        <translation>求助时所在页面：%1</translation>
    </message>
    <message>
        <source>Wrong PINs for several members at this kiosk</source>
        <translation>本设备上多个会员的密码连续输错</translation>
    </message>
    <message>
        <source>face check</source>
        <translation>人脸核验</translation>
    </message>
    <message>
        <source>face set-up</source>
        <translation>开通人脸</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Tries: %1</source>
        <translation>尝试：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>the visitor used up this visit&apos;s face tries</source>
        <translation>访客已用完本次来访的人脸尝试次数</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>member number</source>
        <translation>会员号</translation>
    </message>
    <message>
        <source>choice of check</source>
        <translation>选择核验方式</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>PIN paused</source>
        <translation>密码输入暂停</translation>
    </message>
    <message>
        <source>check passed</source>
        <translation>核验通过</translation>
    </message>
    <message>
        <source>check failed</source>
        <translation>核验未通过</translation>
    </message>
    <message>
        <source>camera unavailable</source>
        <translation>摄像头不可用</translation>
    </message>
    <message>
        <source>face notice</source>
        <translation>人脸核验说明</translation>
    </message>
    <message>
        <source>consent</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>age question</source>
        <translation>年龄问题</translation>
    </message>
    <message>
        <source>parent or guardian</source>
        <translation>父母或监护人</translation>
    </message>
    <message>
        <source>set-up receipt</source>
        <translation>开通回执</translation>
    </message>
    <message>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <source>face data deleted</source>
        <translation>人脸数据已删除</translation>
    </message>
    <message>
        <source>the head turns were not finished in time</source>
        <translation>未在规定时间内完成转头</translation>
    </message>
    <message>
        <source>the face was lost</source>
        <translation>人脸离开了画面</translation>
    </message>
    <message>
        <source>a second face was in view</source>
        <translation>画面中出现了第二张脸</translation>
    </message>
    <message>
        <source>the picture did not pass the passive check</source>
        <translation>画面未通过静默活体检测</translation>
    </message>
    <message>
        <source>the head moved the wrong way more than once</source>
        <translation>头部不止一次转错方向</translation>
    </message>
    <message>
        <source>the picture jumped between frames (a cut, as in a slideshow)</source>
        <translation>画面在帧之间跳变（像幻灯片那样的切换）</translation>
    </message>
    <message>
        <source>not the member&apos;s face on every checked frame</source>
        <translation>并非每个受检帧都是该会员的脸</translation>
    </message>
    <message>
        <source>liveness: %1</source>
        <translation>活体检测：%1</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>不匹配</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>left before the end</source>
        <translation>中途离开</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>仅记录</translation>
    </message>
    <message>
        <source>gate command</source>
        <translation>闸机命令</translation>
    </message>
    <message>
        <source>gate controller</source>
        <translation>闸机控制器</translation>
    </message>
    <message>
        <source>the gate command did not finish within %1 s</source>
        <translation>闸机命令在 %1 秒内没有结束</translation>
    </message>
    <message>
        <source>the gate command was not found: %1</source>
        <translation>找不到闸机命令：%1</translation>
    </message>
    <message>
        <source>the gate controller answered HTTP %1</source>
        <translation>闸机控制器返回 HTTP %1</translation>
    </message>
    <message>
        <source>the gate controller cannot be reached: %1</source>
        <translation>无法连接闸机控制器：%1</translation>
    </message>
    <message>
        <source>the gate controller did not answer in time</source>
        <translation>闸机控制器没有及时应答</translation>
    </message>
    <message>
        <source>%1 ended with status %2%3</source>
        <translation>%1 以状态码 %2 结束%3</translation>
    </message>
    <message>
        <source>no gate command is set</source>
        <translation>尚未设置闸机命令</translation>
    </message>
    <message>
        <source>the gate controller URL is not an http(s) URL</source>
        <translation>闸机控制器地址不是 http(s) 地址</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认已处理</translation>
    </message>
    <message>
        <source>Acknowledge the selected alert</source>
        <translation>确认所选提醒已处理</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>No open alerts.</source>
        <translation>没有待处理的提醒。</translation>
    </message>
    <message numerus="yes">
        <source>Alerts: %n open</source>
        <translation>
            <numerusform>提醒：%n 条待处理</numerusform>
        </translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <source>Text in actor, subject or detail</source>
        <translation>按操作者、对象或详情搜索</translation>
    </message>
    <message>
        <source>Search text</source>
        <translation>搜索文字</translation>
    </message>
    <message>
        <source>Since YYYY-MM-DD</source>
        <translation>YYYY-MM-DD 起</translation>
    </message>
    <message>
        <source>Since date</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Time (%1)</source>
        <translation>时间（%1）</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作者</translation>
    </message>
    <message>
        <source>Details of the selected record</source>
        <translation>所选记录的详情</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Export file path</source>
        <translation>导出文件路径</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Export JSON</source>
        <translation>导出 JSON</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>Select a record to see all it holds.</source>
        <translation>选择一条记录，查看其全部内容。</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 matching records.</source>
        <translation>显示符合条件的 %2 条记录中最新的 %1 条。</translation>
    </message>
    <message>
        <source>Verifying the whole chain…</source>
        <translation>正在校验整条哈希链…</translation>
    </message>
    <message>
        <source>The audit chain is intact: %1 records verified.</source>
        <translation>审计链完整：已校验 %1 条记录。</translation>
    </message>
    <message>
        <source>first bad record: no. %1</source>
        <translation>第一条异常记录：第 %1 号</translation>
    </message>
    <message>
        <source>The audit trail was tampered with (%1). %2</source>
        <translation>审计记录已被篡改（%1）。%2</translation>
    </message>
    <message>
        <source>Type or choose where to save the export.</source>
        <translation>请输入或选择导出文件的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>%1 records exported to %2.</source>
        <translation>已导出 %1 条记录到 %2。</translation>
    </message>
</context>
<context>
    <name>AuditText</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Member %1 checked in with %2.</source>
        <translation>会员 %1 通过%2核验入场。</translation>
    </message>
    <message>
        <source>Member %1: the %2 check failed.</source>
        <translation>会员 %1：%2核验未通过。</translation>
    </message>
    <message>
        <source>Face template stored for member %1 (consent no. %2, kept until %3).</source>
        <translation>已为会员 %1 保存人脸模板（同意书编号 %2，保存至 %3）。</translation>
    </message>
    <message>
        <source>Face set-up refused for member %1: this face is already enrolled for member %2.</source>
        <translation>会员 %1 的人脸开通被拒绝：此人脸已登记在会员 %2 名下。</translation>
    </message>
    <message>
        <source>Face data of member %1 deleted (%2).</source>
        <translation>会员 %1 的人脸数据已删除（%2）。</translation>
    </message>
    <message>
        <source>Consent to face verification given for member %1 by a parent or guardian.</source>
        <translation>会员 %1 的父母或监护人同意使用人脸核验。</translation>
    </message>
    <message>
        <source>Member %1 consented to face verification.</source>
        <translation>会员 %1 同意使用人脸核验。</translation>
    </message>
    <message>
        <source>Consent of member %1 ended (%2).</source>
        <translation>会员 %1 的同意已终止（%2）。</translation>
    </message>
    <message>
        <source>Parent or guardian of member %1 identified (%2).</source>
        <translation>已核实会员 %1 的父母或监护人身份（%2）。</translation>
    </message>
    <message>
        <source>PIN of member %1 locked for %2 s after %3 wrong tries.</source>
        <translation>会员 %1 的密码输错 %3 次，已锁定 %2 秒。</translation>
    </message>
    <message>
        <source>PIN entry paused at this kiosk for %1 s after wrong PINs.</source>
        <translation>因多次输错密码，本机暂停密码输入 %1 秒。</translation>
    </message>
    <message>
        <source>Member %1: a face try did not pass (%2); %3 counted in the last hour.</source>
        <translation>会员 %1：一次人脸验证未通过（%2）；过去一小时内已计 %3 次。</translation>
    </message>
    <message>
        <source>Face checks for member %1 paused for %2 s after %3 failed tries.</source>
        <translation>会员 %1 的人脸验证在 %3 次失败后暂停 %2 秒。</translation>
    </message>
    <message>
        <source>Face checks paused at this kiosk for %2 s after failed tries.</source>
        <translation>本机的人脸验证因多次失败暂停 %2 秒。</translation>
    </message>
    <message>
        <source>Member %1: a PIN was refused while PIN entry was paused.</source>
        <translation>会员 %1：密码输入暂停期间输入的密码被拒绝。</translation>
    </message>
    <message>
        <source>Member %1: a wrong PIN was typed.</source>
        <translation>会员 %1：输入了错误的密码。</translation>
    </message>
    <message>
        <source>Member %1: the liveness check refused the face (%2).</source>
        <translation>会员 %1：活体检测拒绝了该人脸（%2）。</translation>
    </message>
    <message>
        <source>New PIN set for member %1.</source>
        <translation>为会员 %1 设置了新密码。</translation>
    </message>
    <message>
        <source>PIN of member %1 unlocked.</source>
        <translation>会员 %1 的密码已解锁。</translation>
    </message>
    <message>
        <source>Face checks of member %1 may start again: staff ended the pause.</source>
        <translation>会员 %1 的人脸核验可以重新开始：工作人员已结束暂停。</translation>
    </message>
    <message>
        <source>Member %1 activated.</source>
        <translation>会员 %1 已启用。</translation>
    </message>
    <message>
        <source>Member %1 deactivated: their pass is refused.</source>
        <translation>会员 %1 已停用：其通行证将被拒绝。</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) imported or updated.</source>
        <translation>
            <numerusform>已导入或更新 %n 名会员。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retention purge: %n face template(s) deleted.</source>
        <translation>
            <numerusform>到期清除：已删除 %n 个人脸模板。</numerusform>
        </translation>
    </message>
    <message>
        <source>Gate opened after a %1 check (%2).</source>
        <translation>经%1核验后闸机已打开（%2）。</translation>
    </message>
    <message>
        <source>Gate output tested (%1): it answered.</source>
        <translation>已测试闸机输出（%1）：闸机有响应。</translation>
    </message>
    <message>
        <source>Gate output tested (%1): no answer (%2).</source>
        <translation>已测试闸机输出（%1）：无响应（%2）。</translation>
    </message>
    <message>
        <source>The gate did not open (%1): %2</source>
        <translation>闸机未能打开（%1）：%2</translation>
    </message>
    <message>
        <source>The help request was sent on (%1).</source>
        <translation>求助请求已转发（%1）。</translation>
    </message>
    <message>
        <source>The help request could not be sent on (%1): %2</source>
        <translation>求助请求未能转发（%1）：%2</translation>
    </message>
    <message>
        <source>Help notification tested (%1): it was sent.</source>
        <translation>已测试求助通知（%1）：已发送。</translation>
    </message>
    <message>
        <source>Help notification tested (%1): not sent (%2).</source>
        <translation>已测试求助通知（%1）：未发送（%2）。</translation>
    </message>
    <message>
        <source>Alert for staff: %1 (member %2).</source>
        <translation>工作人员提醒：%1（会员 %2）。</translation>
    </message>
    <message>
        <source>Alert for staff: %1.</source>
        <translation>工作人员提醒：%1。</translation>
    </message>
    <message>
        <source>Alert acknowledged: %1 (member %2).</source>
        <translation>提醒已处理：%1（会员 %2）。</translation>
    </message>
    <message>
        <source>Alert acknowledged: %1.</source>
        <translation>提醒已处理：%1。</translation>
    </message>
    <message>
        <source>A visitor (member %1) asked for staff.</source>
        <translation>访客（会员 %1）请求工作人员帮助。</translation>
    </message>
    <message>
        <source>A visitor asked for staff.</source>
        <translation>访客请求工作人员帮助。</translation>
    </message>
    <message>
        <source>%1 signed in.</source>
        <translation>%1 已登录。</translation>
    </message>
    <message>
        <source>A wrong staff PIN was typed.</source>
        <translation>输入了错误的工作人员密码。</translation>
    </message>
    <message>
        <source>%1 signed out (%2).</source>
        <translation>%1 已退出（%2）。</translation>
    </message>
    <message>
        <source>Staff account %1 added (%2).</source>
        <translation>已添加工作人员账户 %1（%2）。</translation>
    </message>
    <message>
        <source>New staff PIN for %1.</source>
        <translation>已为 %1 设置新的工作人员密码。</translation>
    </message>
    <message>
        <source>Staff account %1 activated.</source>
        <translation>工作人员账户 %1 已启用。</translation>
    </message>
    <message>
        <source>Staff account %1 deactivated.</source>
        <translation>工作人员账户 %1 已停用。</translation>
    </message>
    <message>
        <source>Setting &quot;%1&quot; changed from %2 to %3.</source>
        <translation>设置“%1”已从 %2 改为 %3。</translation>
    </message>
    <message>
        <source>Match threshold calibrated: %1 → %2.</source>
        <translation>比对阈值已校准：%1 → %2。</translation>
    </message>
    <message>
        <source>Encrypted backup started (%1).</source>
        <translation>加密备份已开始（%1）。</translation>
    </message>
    <message>
        <source>Encrypted backup written (%1).</source>
        <translation>已写入加密备份（%1）。</translation>
    </message>
    <message>
        <source>The encrypted backup %1 failed or was interrupted.</source>
        <translation>加密备份 %1 失败或被中断。</translation>
    </message>
    <message>
        <source>Restore from the backup %1 started.</source>
        <translation>已开始从备份 %1 恢复。</translation>
    </message>
    <message>
        <source>Database key rotation started.</source>
        <translation>数据库密钥轮换已开始。</translation>
    </message>
    <message>
        <source>Database key rotation did not complete; the old key still opens the database.</source>
        <translation>数据库密钥轮换未完成；旧密钥仍可打开数据库。</translation>
    </message>
    <message>
        <source>Database restored from the backup %1.</source>
        <translation>已从备份 %1 恢复数据库。</translation>
    </message>
    <message>
        <source>Database key replaced (rotated).</source>
        <translation>数据库密钥已更换（轮换）。</translation>
    </message>
    <message>
        <source>Audit trail sealed with the audit key (%1 earlier records).</source>
        <translation>审计记录已用审计密钥封存（之前的 %1 条记录）。</translation>
    </message>
    <message>
        <source>Audit key replaced: records from here on are sealed with key %1.</source>
        <translation>审计密钥已更换：此后的记录用密钥 %1 封存。</translation>
    </message>
    <message>
        <source>The audit head counter in %1, restored from an older copy (record %2), was brought up to record %3.</source>
        <translation>%1 中的审计记录头计数器由较早的副本恢复（第 %2 条），已更新到第 %3 条。</translation>
    </message>
    <message>
        <source>Audit anchor exported (record %1).</source>
        <translation>审计锚点已导出（第 %1 条记录）。</translation>
    </message>
    <message>
        <source>Audit anchor kept in %1 (record %2).</source>
        <translation>审计锚点已写入 %1（第 %2 条记录）。</translation>
    </message>
    <message>
        <source>Filing report exported (%1).</source>
        <translation>备案报告已导出（%1）。</translation>
    </message>
    <message numerus="yes">
        <source>%n audit record(s) exported (%1).</source>
        <translation>
            <numerusform>已导出 %n 条审计记录（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Face pass written for member %1.</source>
        <translation>已为会员 %1 写入人脸通行证。</translation>
    </message>
    <message>
        <source>Face pass revoked (%1).</source>
        <translation>人脸通行证已吊销（%1）。</translation>
    </message>
    <message numerus="yes">
        <source>%n pass revocation(s) exported.</source>
        <translation>
            <numerusform>已导出 %n 条通行证吊销记录。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pass revocation(s) imported.</source>
        <translation>
            <numerusform>已导入 %n 条通行证吊销记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Site keys exported for the site&apos;s other kiosks.</source>
        <translation>已导出场所密钥，供本场所其他自助机使用。</translation>
    </message>
    <message>
        <source>Site keys imported (current key %1).</source>
        <translation>已导入场所密钥（当前密钥 %1）。</translation>
    </message>
    <message>
        <source>New site key %1; older passes work for %2 more days.</source>
        <translation>新场所密钥 %1；旧通行证还可使用 %2 天。</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出方式</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Failed tries counted</source>
        <translation>已计的失败次数</translation>
    </message>
    <message>
        <source>Pause (seconds)</source>
        <translation>暂停（秒）</translation>
    </message>
    <message>
        <source>Consent number</source>
        <translation>同意编号</translation>
    </message>
    <message>
        <source>Kept until</source>
        <translation>保留至</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Alert number</source>
        <translation>提醒编号</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已应答</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>同意人</translation>
    </message>
    <message>
        <source>Parent or guardian</source>
        <translation>家长或监护人</translation>
    </message>
    <message>
        <source>Other member</source>
        <translation>另一会员</translation>
    </message>
    <message>
        <source>Was locked</source>
        <translation>原已锁定</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>记录数</translation>
    </message>
    <message>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <source>Old key</source>
        <translation>原密钥</translation>
    </message>
    <message>
        <source>Record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>条目数</translation>
    </message>
    <message>
        <source>Current key</source>
        <translation>当前密钥</translation>
    </message>
    <message>
        <source>Days older passes still work</source>
        <translation>旧通行证仍可使用的天数</translation>
    </message>
    <message>
        <source>Checking in</source>
        <translation>是否签到</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Notice version</source>
        <translation>告知书版本</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Site type</source>
        <translation>场所类型</translation>
    </message>
    <message>
        <source>identity check</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <source>face set up</source>
        <translation>已设置人脸</translation>
    </message>
    <message>
        <source>face set-up refused (duplicate)</source>
        <translation>人脸设置被拒绝（重复）</translation>
    </message>
    <message>
        <source>face data deleted</source>
        <translation>人脸数据已删除</translation>
    </message>
    <message>
        <source>consent given</source>
        <translation>已同意</translation>
    </message>
    <message>
        <source>consent ended</source>
        <translation>同意已终止</translation>
    </message>
    <message>
        <source>guardian identified</source>
        <translation>监护人已确认身份</translation>
    </message>
    <message>
        <source>PIN entry paused</source>
        <translation>密码输入已暂停</translation>
    </message>
    <message>
        <source>PIN refused</source>
        <translation>密码被拒绝</translation>
    </message>
    <message>
        <source>face try failed</source>
        <translation>人脸尝试未通过</translation>
    </message>
    <message>
        <source>face checks paused</source>
        <translation>人脸核验已暂停</translation>
    </message>
    <message>
        <source>PIN set</source>
        <translation>已设置密码</translation>
    </message>
    <message>
        <source>PIN unlocked</source>
        <translation>密码已解锁</translation>
    </message>
    <message>
        <source>member activated</source>
        <translation>会员已启用</translation>
    </message>
    <message>
        <source>face pause ended</source>
        <translation>人脸暂停已结束</translation>
    </message>
    <message>
        <source>member deactivated</source>
        <translation>会员已停用</translation>
    </message>
    <message>
        <source>members imported</source>
        <translation>会员已导入</translation>
    </message>
    <message>
        <source>retention purge</source>
        <translation>到期清除</translation>
    </message>
    <message>
        <source>gate opened</source>
        <translation>闸机已开启</translation>
    </message>
    <message>
        <source>gate tested</source>
        <translation>闸机已测试</translation>
    </message>
    <message>
        <source>gate failed</source>
        <translation>闸机未开启</translation>
    </message>
    <message>
        <source>help request sent on</source>
        <translation>求助请求已转发</translation>
    </message>
    <message>
        <source>help request not sent on</source>
        <translation>求助请求未能转发</translation>
    </message>
    <message>
        <source>help notification tested</source>
        <translation>求助通知已测试</translation>
    </message>
    <message>
        <source>alert raised</source>
        <translation>已发出提醒</translation>
    </message>
    <message>
        <source>alert acknowledged</source>
        <translation>提醒已确认</translation>
    </message>
    <message>
        <source>help requested</source>
        <translation>有人求助</translation>
    </message>
    <message>
        <source>staff sign-in</source>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <source>staff sign-out</source>
        <translation>工作人员退出</translation>
    </message>
    <message>
        <source>staff account added</source>
        <translation>已添加工作人员账户</translation>
    </message>
    <message>
        <source>staff PIN reset</source>
        <translation>工作人员密码已重置</translation>
    </message>
    <message>
        <source>staff account activated</source>
        <translation>工作人员账户已启用</translation>
    </message>
    <message>
        <source>staff account deactivated</source>
        <translation>工作人员账户已停用</translation>
    </message>
    <message>
        <source>setting changed</source>
        <translation>设置已更改</translation>
    </message>
    <message>
        <source>threshold calibrated</source>
        <translation>阈值已校准</translation>
    </message>
    <message>
        <source>backup started</source>
        <translation>备份已开始</translation>
    </message>
    <message>
        <source>backup written</source>
        <translation>备份已写入</translation>
    </message>
    <message>
        <source>backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>restore started</source>
        <translation>恢复已开始</translation>
    </message>
    <message>
        <source>key rotation started</source>
        <translation>密钥轮换已开始</translation>
    </message>
    <message>
        <source>key rotation failed</source>
        <translation>密钥轮换失败</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>database key rotated</source>
        <translation>数据库密钥已轮换</translation>
    </message>
    <message>
        <source>audit trail sealed</source>
        <translation>审计记录已封存</translation>
    </message>
    <message>
        <source>audit key rotated</source>
        <translation>审计密钥已轮换</translation>
    </message>
    <message>
        <source>audit anchor exported</source>
        <translation>审计锚点已导出</translation>
    </message>
    <message>
        <source>audit anchor kept</source>
        <translation>审计锚点已保存</translation>
    </message>
    <message>
        <source>filing report exported</source>
        <translation>备案报告已导出</translation>
    </message>
    <message>
        <source>audit trail exported</source>
        <translation>审计记录已导出</translation>
    </message>
    <message>
        <source>face pass written</source>
        <translation>人脸通行证已生成</translation>
    </message>
    <message>
        <source>face pass revoked</source>
        <translation>人脸通行证已吊销</translation>
    </message>
    <message>
        <source>revocations exported</source>
        <translation>吊销列表已导出</translation>
    </message>
    <message>
        <source>revocations imported</source>
        <translation>吊销列表已导入</translation>
    </message>
    <message>
        <source>site keys exported</source>
        <translation>场所密钥已导出</translation>
    </message>
    <message>
        <source>site keys imported</source>
        <translation>场所密钥已导入</translation>
    </message>
    <message>
        <source>site key rotated</source>
        <translation>场所密钥已轮换</translation>
    </message>
    <message>
        <source>audit counter restored</source>
        <translation>审计计数器已恢复</translation>
    </message>
    <message>
        <source>Event &quot;%1&quot; (see the details).</source>
        <translation>事件“%1”（见详情）。</translation>
    </message>
    <message>
        <source>visitor</source>
        <translation>访客</translation>
    </message>
    <message>
        <source>the kiosk (automatic)</source>
        <translation>本机（自动）</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>Record no. %1</source>
        <translation>记录编号 %1</translation>
    </message>
    <message>
        <source>Time: %1 (stored as %2)</source>
        <translation>时间：%1（存储值 %2）</translation>
    </message>
    <message>
        <source>By: %1</source>
        <translation>操作者：%1</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>对象：%1</translation>
    </message>
    <message>
        <source>Hash: %1…</source>
        <translation>哈希：%1…</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>face</source>
        <translation>人脸</translation>
    </message>
    <message>
        <source>card</source>
        <translation>卡</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Event: %1 (code %2)</source>
        <translation>事件：%1（代码 %2）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
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
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>face check</source>
        <translation>人脸核验</translation>
    </message>
    <message>
        <source>face set-up</source>
        <translation>开通人脸</translation>
    </message>
    <message>
        <source>the member</source>
        <translation>会员本人</translation>
    </message>
    <message>
        <source>a parent or guardian</source>
        <translation>家长或监护人</translation>
    </message>
    <message>
        <source>pass code</source>
        <translation>通行码</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>仅记录</translation>
    </message>
    <message>
        <source>command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>staff area only</source>
        <translation>仅工作人员区</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>consent withdrawn</source>
        <translation>撤回同意</translation>
    </message>
    <message>
        <source>revoked by staff</source>
        <translation>由工作人员撤销</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>logged out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>inactivity</source>
        <translation>长时间无操作</translation>
    </message>
    <message>
        <source>left kiosk mode</source>
        <translation>退出自助机模式</translation>
    </message>
    <message>
        <source>the head turns were not finished in time</source>
        <translation>未在规定时间内完成转头</translation>
    </message>
    <message>
        <source>the face was lost</source>
        <translation>人脸离开了画面</translation>
    </message>
    <message>
        <source>a second face was in view</source>
        <translation>画面中出现了第二张脸</translation>
    </message>
    <message>
        <source>the picture did not pass the passive check</source>
        <translation>画面未通过静默活体检测</translation>
    </message>
    <message>
        <source>liveness check refused: %1</source>
        <translation>活体检测未通过：%1</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>不匹配</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>left before the end</source>
        <translation>中途离开</translation>
    </message>
    <message>
        <source>a visitor asks for help</source>
        <translation>访客请求帮助</translation>
    </message>
    <message>
        <source>PIN locked</source>
        <translation>密码已锁定</translation>
    </message>
    <message>
        <source>repeated face failures</source>
        <translation>人脸核验多次失败</translation>
    </message>
    <message>
        <source>the gate did not open</source>
        <translation>闸机未能打开</translation>
    </message>
    <message>
        <source>liveness check refused</source>
        <translation>活体检测未通过</translation>
    </message>
</context>
<context>
    <name>ConfirmBar</name>
    <message>
        <source>Yes, go ahead</source>
        <translation>确定执行</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Face engine</source>
        <translation>人脸识别引擎</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>People with a face template</source>
        <translation>存有人脸模板的人数</translation>
    </message>
    <message>
        <source>Retention purge</source>
        <translation>到期清除</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Gate output</source>
        <translation>闸机输出</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <source>Last face step: %1</source>
        <translation>最近一次人脸验证：%1</translation>
    </message>
    <message>
        <source>Opens only during a visitor&apos;s face step.</source>
        <translation>仅在访客进行人脸验证时开启。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1 active</source>
        <translation>有效 %1 人</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Filing threshold; warning from %1.</source>
        <translation>为备案门槛；达到 %1 时提醒。</translation>
    </message>
    <message>
        <source>Across the site; this kiosk holds %1. Warning from %2.</source>
        <translation>为全站点合计；本机持有 %1 个。达到 %2 时提醒。</translation>
    </message>
    <message>
        <source>Last purge: %1</source>
        <translation>上次清除：%1</translation>
    </message>
    <message>
        <source>Chain intact</source>
        <translation>链完整</translation>
    </message>
    <message>
        <source>TAMPERED</source>
        <translation>已被篡改</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>未校验</translation>
    </message>
    <message>
        <source>%1 records</source>
        <translation>共 %1 条记录</translation>
    </message>
    <message>
        <source>Log only</source>
        <translation>仅记录</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>%1: failing</source>
        <translation>%1：故障</translation>
    </message>
    <message>
        <source>Last failure %1: %2</source>
        <translation>最近故障 %1：%2</translation>
    </message>
    <message>
        <source>No failures.</source>
        <translation>无故障。</translation>
    </message>
    <message>
        <source>Face features allowed</source>
        <translation>允许使用人脸功能</translation>
    </message>
    <message>
        <source>Face features banned</source>
        <translation>禁止使用人脸功能</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>passive check</source>
        <translation>被动检测</translation>
    </message>
    <message>
        <source>head-turn challenge</source>
        <translation>转头验证</translation>
    </message>
    <message>
        <source>passive check and head turns</source>
        <translation>被动检测和转头验证</translation>
    </message>
    <message>
        <source>Liveness: %1. Refused in the last 24 h: %2</source>
        <translation>活体检测：%1。最近 24 小时未通过：%2 次</translation>
    </message>
    <message>
        <source>The liveness check is off: a photo held to the camera could pass face verification.</source>
        <translation>活体检测已关闭：举到摄像头前的照片可能通过人脸核验。</translation>
    </message>
    <message>
        <source>Audit trail tampered: %1</source>
        <translation>审计记录已被篡改：%1</translation>
    </message>
    <message>
        <source>The filing threshold is reached: file with the regulator now.</source>
        <translation>已达到备案门槛：请立即向监管部门备案。</translation>
    </message>
    <message>
        <source>%1 of the filing threshold is reached: prepare the filing.</source>
        <translation>已达到备案门槛的 %1：请准备备案材料。</translation>
    </message>
    <message>
        <source>Site profile incomplete: operator name, contact and site name are needed (see Settings).</source>
        <translation>场所信息不完整：需要填写运营者名称、联系方式和场所名称（见“设置”）。</translation>
    </message>
    <message>
        <source>The face engine did not load: face verification is unavailable.</source>
        <translation>人脸识别引擎未能加载：人脸验证暂不可用。</translation>
    </message>
    <message>
        <source>The camera failed during the last face step.</source>
        <translation>最近一次人脸验证时摄像头出现故障。</translation>
    </message>
    <message>
        <source>The gate output failed: visitors were told to see staff.</source>
        <translation>闸机输出失败：已提示访客联系工作人员。</translation>
    </message>
    <message>
        <source>The daily retention purge is overdue.</source>
        <translation>每日到期清除已逾期未执行。</translation>
    </message>
    <message numerus="yes">
        <source>Face use is paused: this kiosk has not heard from the site for %n minute(s), so a withdrawal made at another gate may not have reached it. Card and PIN go on.</source>
        <translation>
            <numerusform>人脸功能已暂停：本机已有 %n 分钟未与站点服务器联系，在其他闸机撤回的同意可能尚未送达本机。刷卡和 PIN 照常可用。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportPanel</name>
    <message>
        <source>The file needs the columns %1 (UTF-8). Check the preview, then import. Nothing is imported while any row has an error.</source>
        <translation>文件须包含以下列：%1（UTF-8 编码）。请先检查预览再导入。只要有任何一行出错，就不会导入任何数据。</translation>
    </message>
    <message>
        <source>Path of the CSV file</source>
        <translation>CSV 文件路径</translation>
    </message>
    <message>
        <source>CSV file to import</source>
        <translation>要导入的 CSV 文件</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Type or choose the path of a CSV file.</source>
        <translation>请输入或选择 CSV 文件路径。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>%1 rows are ready to import. Nothing is stored until you press Import.</source>
        <translation>%1 行可以导入。按“导入”之前不会保存任何数据。</translation>
    </message>
    <message>
        <source>The first %1 are shown.</source>
        <translation>下面显示前 %1 行。</translation>
    </message>
    <message>
        <source>Nothing can be imported: %1 row(s) have errors. Fix them and preview again.</source>
        <translation>无法导入：有 %1 行存在错误。请修改后重新预览。</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <source>… and %1 more.</source>
        <translation>……另有 %1 处。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>%1 members imported or updated.</source>
        <translation>已导入或更新 %1 名会员。</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Staff sign-in</source>
        <extracomment>the PIN field and the keypad: side by side, or the keypad below on a portrait screen</extracomment>
        <translation>工作人员登录</translation>
    </message>
    <message>
        <source>Enter your staff PIN (6 to 8 digits) and press OK.</source>
        <translation>请输入工作人员密码（6 至 8 位数字），然后按“确定”。</translation>
    </message>
    <message>
        <source>Staff PIN</source>
        <translation>工作人员密码</translation>
    </message>
    <message>
        <source>There is no administrator account yet. Create one on this computer with:
kiosk staff add NAME --role administrator</source>
        <translation>尚无管理员账户。请在本机上运行以下命令创建：
kiosk staff add NAME --role administrator</translation>
    </message>
    <message>
        <source>‹  Back to the visitor screen</source>
        <translation>‹  返回访客界面</translation>
    </message>
    <message>
        <source>Back to the visitor screen</source>
        <translation>返回访客界面</translation>
    </message>
    <message>
        <source>A staff PIN has 6 to 8 digits.</source>
        <translation>工作人员密码为 6 至 8 位数字。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <source>That staff PIN is not right.</source>
        <translation>工作人员密码不正确。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Staff PIN entry is paused for %n second(s).</source>
        <translation>密码错误次数过多，暂停输入 %n 秒。</translation>
    </message>
</context>
<context>
    <name>MembersScreen</name>
    <message>
        <source>Find members</source>
        <translation>查找会员</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <source>Member number, name or card</source>
        <translation>会员号、姓名或卡号</translation>
    </message>
    <message>
        <source>Search members</source>
        <translation>搜索会员</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Face data</source>
        <translation>人脸数据</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Revoke face data</source>
        <translation>删除人脸数据</translation>
    </message>
    <message>
        <source>Unlock PIN</source>
        <translation>解锁密码</translation>
    </message>
    <message>
        <source>Unlock the selected member&apos;s PIN</source>
        <translation>解锁所选会员的密码</translation>
    </message>
    <message>
        <source>Set new PIN…</source>
        <translation>设置新密码…</translation>
    </message>
    <message>
        <source>Set a new PIN for the selected member</source>
        <translation>为所选会员设置新密码</translation>
    </message>
    <message>
        <source>End face pause</source>
        <translation>结束人脸暂停</translation>
    </message>
    <message>
        <source>Let the selected member try their face again now, after you checked who they are</source>
        <translation>核实身份后，让所选会员现在重新尝试人脸核验</translation>
    </message>
    <message>
        <source>stored, paused</source>
        <translation>已存储，已暂停</translation>
    </message>
    <message>
        <source>The PIN of %1 is unlocked: they can try again now.</source>
        <translation>%1 的密码已解锁，现在可以重新输入。</translation>
    </message>
    <message>
        <source>Face checks of %1 can start again now.</source>
        <translation>%1 的人脸核验现在可以重新开始。</translation>
    </message>
    <message>
        <source>New PIN set for %1 (and unlocked). Tell the member in person.</source>
        <translation>已为 %1 设置新密码（并已解锁）。请当面告知会员本人。</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Delete the face data of %1 now? Their consent is marked withdrawn.</source>
        <translation>立即删除 %1 的人脸数据？其同意将标记为已撤回。</translation>
    </message>
    <message>
        <source>Face data of %1 deleted.</source>
        <translation>%1 的人脸数据已删除。</translation>
    </message>
    <message>
        <source>Deactivate %1? Their pass will be refused.</source>
        <translation>停用 %1？其通行证将被拒绝。</translation>
    </message>
    <message>
        <source>%1 deactivated.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>%1 activated.</source>
        <translation>%1 已启用。</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>NewPinPanel</name>
    <message>
        <source>New PIN for %1 %2</source>
        <translation>为 %1 %2 设置新密码</translation>
    </message>
    <message>
        <source>Type the new PIN (4 to 8 digits) and press OK.</source>
        <translation>请输入新密码（4 至 8 位数字），然后按“确定”。</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Type the same PIN again and press OK.</source>
        <translation>请再次输入相同的密码，然后按“确定”。</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Cancel: keep the old PIN</source>
        <translation>取消，保留原密码</translation>
    </message>
    <message>
        <source>A member PIN has 4 to 8 digits.</source>
        <translation>会员密码为 4 至 8 位数字。</translation>
    </message>
    <message>
        <source>The two PINs differ. Type the new PIN again.</source>
        <translation>两次输入的密码不一致，请重新输入新密码。</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Filing and impact-assessment report: save to</source>
        <translation>备案及影响评估报告：保存到</translation>
    </message>
    <message>
        <source>Report file path</source>
        <translation>报告文件路径</translation>
    </message>
    <message>
        <source>Save the report as Markdown</source>
        <translation>将报告保存为 Markdown</translation>
    </message>
    <message>
        <source>Save the report as HTML</source>
        <translation>将报告保存为 HTML</translation>
    </message>
    <message>
        <source>Encrypted backup of the database: file</source>
        <translation>数据库加密备份：文件</translation>
    </message>
    <message>
        <source>Backup file path</source>
        <translation>备份文件路径</translation>
    </message>
    <message>
        <source>Back up the database now</source>
        <translation>立即备份数据库</translation>
    </message>
    <message>
        <source>Export report as Markdown</source>
        <translation>导出报告（Markdown）</translation>
    </message>
    <message>
        <source>Export report as HTML</source>
        <translation>导出报告（HTML）</translation>
    </message>
    <message>
        <source>Save encrypted backup</source>
        <translation>保存加密备份</translation>
    </message>
    <message>
        <source>Check this backup file</source>
        <translation>检查此备份文件</translation>
    </message>
    <message>
        <source>Check this backup</source>
        <translation>检查此备份</translation>
    </message>
    <message>
        <source>The backup stays encrypted with this kiosk&apos;s key; keep the key file safe as well. To restore, check the backup here, stop the kiosk and run: kiosk restore FILE</source>
        <translation>备份仍使用本机密钥加密，请同时妥善保管密钥文件。恢复时，请先在此检查备份，然后停止自助机并运行：kiosk restore FILE</translation>
    </message>
    <message>
        <source>Withdrawn face passes (revocation list): file</source>
        <translation>已撤回的人脸通行证（撤回名单）：文件</translation>
    </message>
    <message>
        <source>Revocation list file path</source>
        <translation>撤回名单文件路径</translation>
    </message>
    <message>
        <source>Export revocation list</source>
        <translation>导出撤回名单</translation>
    </message>
    <message>
        <source>Save this kiosk&apos;s revocation list</source>
        <translation>保存本设备的撤回名单</translation>
    </message>
    <message>
        <source>Import revocation list</source>
        <translation>导入撤回名单</translation>
    </message>
    <message>
        <source>Add a revocation list from another kiosk of this site</source>
        <translation>加入本场所其他设备的撤回名单</translation>
    </message>
    <message>
        <source>Carry it to the site&apos;s other kiosks so that they refuse withdrawn face passes too. It holds consent numbers and member numbers, no face data.</source>
        <translation>请将它带到本场所的其他设备上导入，使它们也拒绝已撤回的人脸通行证。名单只含同意记录编号和会员号，不含任何人脸数据。</translation>
    </message>
    <message>
        <source>Rotate the database key</source>
        <translation>更换数据库密钥</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Report saved to %1.</source>
        <translation>报告已保存到 %1。</translation>
    </message>
    <message>
        <source>Encrypted backup saved to %1.</source>
        <translation>加密备份已保存到 %1。</translation>
    </message>
    <message>
        <source>The backup opens with this kiosk&apos;s key and its audit chain verifies (%1 records). To restore it, stop the kiosk and run: kiosk restore FILE</source>
        <translation>该备份可用本机密钥打开，审计链校验通过（%1 条记录）。如需恢复，请停止自助机并运行：kiosk restore FILE</translation>
    </message>
    <message numerus="yes">
        <source>%n revocation(s) saved to %1.</source>
        <translation>
            <numerusform>已将 %n 条撤回记录保存到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Revocation list imported from %1: %n new revocation(s).</source>
        <translation>
            <numerusform>已从 %1 导入撤回名单：新增 %n 条撤回记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Re-encrypt the database with a new key? Older backups will need the old key.</source>
        <translation>用新密钥重新加密数据库？此前的备份仍需旧密钥才能打开。</translation>
    </message>
    <message>
        <source>The key was rotated. Make a new backup and a copy of the new key file now.</source>
        <translation>密钥已更换。请立即重新备份，并保存新密钥文件的副本。</translation>
    </message>
</context>
<context>
    <name>SettingProblems</name>
    <message>
        <source>must be between %1 and %2</source>
        <translation>必须在 %1 到 %2 之间</translation>
    </message>
    <message>
        <source>may have at most %1 characters</source>
        <translation>最多 %1 个字符</translation>
    </message>
    <message>
        <source>must be yes or no</source>
        <translation>只能是“是”或“否”</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>has the wrong kind of value</source>
        <translation>值的类型不对</translation>
    </message>
    <message>
        <source>must be one of the offered choices</source>
        <translation>必须从给出的选项中选择</translation>
    </message>
    <message>
        <source>is needed for the chosen help notification</source>
        <translation>所选的求助通知方式需要填写此项</translation>
    </message>
    <message>
        <source>is needed for the chosen gate output</source>
        <translation>所选的闸机输出方式需要填写此项</translation>
    </message>
    <message>
        <source>must start with http:// or https://</source>
        <translation>必须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>needs at least one language</source>
        <translation>至少需要一种语言</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>this value is outside what is allowed</source>
        <translation>此值超出允许范围</translation>
    </message>
    <message>
        <source>A setting on another screen</source>
        <translation>另一页面上的某项设置</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Less</source>
        <extracomment>a field enabled only while another setting needs it: field -&gt; (setting, the values that need it)</extracomment>
        <translation>减少</translation>
    </message>
    <message>
        <source>More</source>
        <translation>增加</translation>
    </message>
    <message>
        <source>Operator name</source>
        <extracomment>each setting&apos;s control, by kind; ``inputs`` holds them all, by setting</extracomment>
        <translation>运营者名称</translation>
    </message>
    <message>
        <source>Operator contact</source>
        <translation>运营者联系方式</translation>
    </message>
    <message>
        <source>Operator name in Chinese (optional)</source>
        <translation>运营方中文名称（可选）</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>场所名称</translation>
    </message>
    <message>
        <source>Site type</source>
        <translation>场所类型</translation>
    </message>
    <message>
        <source>Public place</source>
        <translation>公共场所</translation>
    </message>
    <message>
        <source>Face verification</source>
        <translation>人脸验证</translation>
    </message>
    <message>
        <source>Match threshold (0.2–0.7, lower is stricter)</source>
        <translation>比对阈值（0.2–0.7，越低越严格）</translation>
    </message>
    <message>
        <source>Days kept after the pass ends (0–365)</source>
        <translation>通行证到期后保留天数（0–365）</translation>
    </message>
    <message>
        <source>Days kept since last use (1–1095)</source>
        <translation>自上次使用起保留天数（1–1095）</translation>
    </message>
    <message>
        <source>Filing threshold (people)</source>
        <translation>备案门槛（人数）</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Audit anchor every (1–720 hours, 0 = off)</source>
        <translation>审计锚点间隔（1–720 小时，0 = 关闭）</translation>
    </message>
    <message>
        <source>Visitor inactivity timeout (10–600 s)</source>
        <translation>访客无操作超时（10–600 秒）</translation>
    </message>
    <message>
        <source>Gate output</source>
        <translation>闸机输出</translation>
    </message>
    <message>
        <source>Gate command</source>
        <translation>闸机命令</translation>
    </message>
    <message>
        <source>Gate controller URL</source>
        <translation>闸机控制器网址</translation>
    </message>
    <message>
        <source>Help requests also go to</source>
        <translation>求助请求同时发送到</translation>
    </message>
    <message>
        <source>Help notification command</source>
        <translation>求助通知命令</translation>
    </message>
    <message>
        <source>Help notification URL (pager or chat bridge)</source>
        <translation>求助通知网址（寻呼机或聊天桥接）</translation>
    </message>
    <message>
        <source>Where face templates are kept</source>
        <translation>人脸模板保存位置</translation>
    </message>
    <message>
        <source>Face tries per visit (1–5)</source>
        <translation>每次来访人脸核验次数（1–5）</translation>
    </message>
    <message>
        <source>Duplicate check at set-up</source>
        <translation>开通时查重</translation>
    </message>
    <message>
        <source>Duplicate threshold (0.2–0.7, higher finds more)</source>
        <translation>查重阈值（0.2–0.7，越高查出越多）</translation>
    </message>
    <message>
        <source>Days older passes work after a site key change (0–730)</source>
        <translation>更换场所密钥后旧通行证仍可用的天数（0–730）</translation>
    </message>
    <message>
        <source>Time to read the notice and My data (30–900 s)</source>
        <translation>阅读说明和“我的数据”的时间（30–900 秒）</translation>
    </message>
    <message>
        <source>“Are you still there?” countdown (5–120 s)</source>
        <translation>“您还在吗？”倒计时（5–120 秒）</translation>
    </message>
    <message>
        <source>Result sound volume (0 = off, up to 100)</source>
        <translation>结果提示音音量（0 为关闭，最高 100）</translation>
    </message>
    <message>
        <source>Pass scanner</source>
        <translation>通行证扫描器</translation>
    </message>
    <message>
        <source>Wrong PINs before entry pauses (3–10)</source>
        <translation>输错几次密码后暂停输入（3–10）</translation>
    </message>
    <message>
        <source>First PIN pause (10–3600 s, longer after more)</source>
        <translation>首次密码暂停时长（10–3600 秒，之后逐次延长）</translation>
    </message>
    <message>
        <source>Liveness check (photo, screen and mask refusal)</source>
        <translation>活体检测（拒绝照片、屏幕和面具）</translation>
    </message>
    <message>
        <source>Passive check threshold (0.005–0.99, higher refuses more people)</source>
        <translation>静默检测阈值（0.005–0.99，越高被拒绝的人越多）</translation>
    </message>
    <message>
        <source>Frames the passive check averages (1–30)</source>
        <translation>静默检测取平均的帧数（1–30）</translation>
    </message>
    <message>
        <source>Head turn that counts (0.08–0.4 eye distances)</source>
        <translation>有效转头幅度（0.08–0.4 个眼距）</translation>
    </message>
    <message>
        <source>Time for each head movement (4–30 s)</source>
        <translation>每个头部动作的时限（4–30 秒）</translation>
    </message>
    <message>
        <source>Head movements asked for</source>
        <translation>要求的头部动作</translation>
    </message>
    <message>
        <source>Open to the public</source>
        <translation>对公众开放</translation>
    </message>
    <message>
        <source>Offered (always optional)</source>
        <translation>提供（始终为可选）</translation>
    </message>
    <message>
        <source>One face on one pass only</source>
        <translation>一张脸只能绑定一张通行证</translation>
    </message>
    <message>
        <source>A hardware scanner is fitted (no camera for codes)</source>
        <translation>已安装硬件扫描器（不用摄像头扫码）</translation>
    </message>
    <message>
        <source>Nods (up, down) as well as turns</source>
        <translation>除转头外，还要求点头（抬头、低头）</translation>
    </message>
    <message>
        <source>Site profile</source>
        <translation>场所信息</translation>
    </message>
    <message>
        <source>Face and retention</source>
        <translation>人脸与保留期限</translation>
    </message>
    <message>
        <source>Kiosk and gate</source>
        <translation>自助机与闸机</translation>
    </message>
    <message>
        <source>PIN and liveness</source>
        <translation>密码与活体检测</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销更改</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Test gate</source>
        <translation>测试闸机</translation>
    </message>
    <message>
        <source>Signal the gate once with the values shown</source>
        <translation>按当前显示的设置向闸机发送一次信号</translation>
    </message>
    <message>
        <source>Send a test</source>
        <translation>发送测试</translation>
    </message>
    <message>
        <source>Send one test help notification with the values shown</source>
        <translation>用当前显示的值发送一条测试求助通知</translation>
    </message>
    <message>
        <source>(starts in %1)</source>
        <translation>（默认 %1）</translation>
    </message>
    <message>
        <source>Log only (no gate connected)</source>
        <translation>仅记录（未连接闸机）</translation>
    </message>
    <message>
        <source>Run a command</source>
        <translation>运行命令</translation>
    </message>
    <message>
        <source>POST to a local controller URL</source>
        <translation>向本地控制器网址发送 POST 请求</translation>
    </message>
    <message>
        <source>On this kiosk (encrypted database)</source>
        <translation>保存在本设备上（加密数据库）</translation>
    </message>
    <message>
        <source>On the member&apos;s pass (sealed; no kiosk keeps one)</source>
        <translation>保存在会员通行证上（已加密封存，设备不保留）</translation>
    </message>
    <message>
        <source>At the site (sealed under the site key; every gate of the site can check)</source>
        <translation>存于站点（以站点密钥封存；站点内每个闸口都能核验）</translation>
    </message>
    <message>
        <source>Off (photos are not refused)</source>
        <translation>关闭（不拒绝照片）</translation>
    </message>
    <message>
        <source>Passive check only</source>
        <translation>仅静默检测</translation>
    </message>
    <message>
        <source>Head-turn challenge only</source>
        <translation>仅转头检测</translation>
    </message>
    <message>
        <source>Both (recommended)</source>
        <translation>两者都用（推荐）</translation>
    </message>
    <message>
        <source>The staff area only</source>
        <translation>仅工作人员区</translation>
    </message>
    <message>
        <source>POST to a local URL (pager or chat bridge)</source>
        <translation>POST 到本地网址（寻呼机或聊天桥接）</translation>
    </message>
    <message>
        <source>Signalling the gate…</source>
        <translation>正在向闸机发送信号…</translation>
    </message>
    <message>
        <source>The gate answered: %1 (%2 s).</source>
        <translation>闸机有响应：%1（%2 秒）。</translation>
    </message>
    <message>
        <source>The gate did not answer: %1</source>
        <translation>闸机无响应：%1</translation>
    </message>
    <message>
        <source>Sending a test…</source>
        <translation>正在发送测试…</translation>
    </message>
    <message>
        <source>Help requests go to the staff area only: nothing to send.</source>
        <translation>求助请求只显示在工作人员区：无需发送。</translation>
    </message>
    <message>
        <source>The test was sent: %1 (%2 s).</source>
        <translation>测试已发送：%1（%2 秒）。</translation>
    </message>
    <message>
        <source>The test was not sent: %1</source>
        <translation>测试未发送：%1</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message numerus="yes">
        <source>Saved: %n change(s), each recorded in the audit trail.</source>
        <translation>
            <numerusform>已保存 %n 项更改，每项均已记入审计记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有更改。</translation>
    </message>
    <message>
        <source>Not saved. Please correct:</source>
        <translation>未保存。请更正：</translation>
    </message>
</context>
<context>
    <name>SiteBanner</name>
    <message>
        <source>Face recognition is banned at this site type (%1): face features are off. Card and PIN keep working. Change the site type only if it is wrong.</source>
        <translation>此类场所（%1）禁止使用人脸识别：人脸功能已关闭，刷卡和密码照常可用。仅当场所类型填写有误时才应更改。</translation>
    </message>
    <message>
        <source>Face verification is switched off in the settings. Card and PIN keep working.</source>
        <translation>人脸验证已在设置中关闭，刷卡和密码照常可用。</translation>
    </message>
    <message>
        <source>This site is marked as not a public place: check that face verification is appropriate here.</source>
        <translation>本场所被标记为非公共场所：请确认在此使用人脸验证是否合适。</translation>
    </message>
</context>
<context>
    <name>SiteTypes</name>
    <message>
        <source>Zoo</source>
        <translation>动物园</translation>
    </message>
    <message>
        <source>Museum</source>
        <translation>博物馆</translation>
    </message>
    <message>
        <source>Office lobby</source>
        <translation>办公楼大堂</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>公园</translation>
    </message>
    <message>
        <source>Stadium</source>
        <translation>体育场馆</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>图书馆</translation>
    </message>
    <message>
        <source>Campus gate</source>
        <translation>校园大门</translation>
    </message>
    <message>
        <source>Other public place</source>
        <translation>其他公共场所</translation>
    </message>
    <message>
        <source>Bathhouse (private space)</source>
        <translation>浴室（私密空间）</translation>
    </message>
    <message>
        <source>Changing room (private space)</source>
        <translation>更衣室（私密空间）</translation>
    </message>
    <message>
        <source>Dormitory bedroom (private space)</source>
        <translation>宿舍卧室（私密空间）</translation>
    </message>
    <message>
        <source>Fitting room (private space)</source>
        <translation>试衣间（私密空间）</translation>
    </message>
    <message>
        <source>Hotel room (private space)</source>
        <translation>酒店客房（私密空间）</translation>
    </message>
    <message>
        <source>Private home (private space)</source>
        <translation>私人住宅（私密空间）</translation>
    </message>
    <message>
        <source>Toilet (private space)</source>
        <translation>卫生间（私密空间）</translation>
    </message>
</context>
<context>
    <name>StaffEntry</name>
    <message>
        <source>Staff: hold the top-left corner 3 s, PIN %1</source>
        <translation>工作人员：长按左上角 3 秒，密码 %1</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Log out</source>
        <extracomment>how often the open alerts are read while staff are signed in</extracomment>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Log out and return to the visitor screen</source>
        <translation>退出登录并返回访客界面</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>退出自助机模式</translation>
    </message>
    <message>
        <source>Leave kiosk mode and close the kiosk</source>
        <translation>退出自助机模式并关闭程序</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Reports and backup</source>
        <translation>报告与备份</translation>
    </message>
    <message>
        <source>Your role may not open this screen. Ask an administrator.</source>
        <translation>您的角色无权打开此页面，请联系管理员。</translation>
    </message>
    <message>
        <source>Leave kiosk mode and close the kiosk?</source>
        <translation>退出自助机模式并关闭程序？</translation>
    </message>
    <message>
        <source>Only an administrator may leave kiosk mode.</source>
        <translation>只有管理员可以退出自助机模式。</translation>
    </message>
    <message>
        <source>A visitor asks for help: see the alerts on the dashboard.</source>
        <translation>有访客请求帮助：请查看概览页上的提醒。</translation>
    </message>
    <message>
        <source>Dashboard (%1)</source>
        <translation>概览（%1）</translation>
    </message>
    <message numerus="yes">
        <source>Dashboard, %n open alert(s)</source>
        <translation>
            <numerusform>概览，%n 条待处理提醒</numerusform>
        </translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
</TS>
