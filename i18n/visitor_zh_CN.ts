<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AskStaffPage</name>
    <message>
        <source>Help is on the way</source>
        <translation>工作人员马上就来</translation>
    </message>
    <message>
        <source>We have let the staff know. Please wait here: someone will come to you. You can also go to the desk.</source>
        <translation>我们已通知工作人员。请在这里稍候，会有人来帮您。您也可以直接前往服务台。</translation>
    </message>
    <message>
        <source>Staff have been called.</source>
        <translation>已呼叫工作人员。</translation>
    </message>
    <message>
        <source>‹  Back to where I was</source>
        <translation>‹  返回刚才的页面</translation>
    </message>
    <message>
        <source>Back to where I was</source>
        <translation>返回刚才的页面</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Done: start over</source>
        <translation>完成：回到首页</translation>
    </message>
    <message>
        <source>The staff could not be called from here. Please go to the desk.</source>
        <translation>无法从这里呼叫工作人员，请前往服务台。</translation>
    </message>
</context>
<context>
    <name>Busy</name>
    <message>
        <source>One moment, please…</source>
        <translation>请稍候…</translation>
    </message>
</context>
<context>
    <name>CameraUnavailablePage</name>
    <message>
        <source>The camera is not available</source>
        <translation>摄像头暂时无法使用</translation>
    </message>
    <message>
        <source>Face verification cannot be used right now. Your PIN works as always, or staff can help you.</source>
        <translation>目前无法使用人脸核验。您的密码照常可用，也可以请工作人员协助。</translation>
    </message>
    <message>
        <source>Use my PIN</source>
        <translation>使用密码</translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation>联系工作人员</translation>
    </message>
</context>
<context>
    <name>ClaimPage</name>
    <message>
        <source>Who are you?</source>
        <translation>请出示您的通行证</translation>
    </message>
    <message>
        <source>Scan your pass, or type your member number:</source>
        <translation>请扫描通行证，或输入会员号：</translation>
    </message>
    <message>
        <source>Pass or member number</source>
        <translation>通行证或会员号</translation>
    </message>
    <message>
        <source>Member number</source>
        <translation>会员号</translation>
    </message>
    <message>
        <source>Face pass, or a pass with a QR code or barcode?</source>
        <translation>人脸通行证，或带二维码、条形码的通行证？</translation>
    </message>
    <message>
        <source>Pass with a QR code or barcode?</source>
        <translation>通行证上有二维码或条形码？</translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation>关闭摄像头</translation>
    </message>
    <message>
        <source>Show my pass to the camera</source>
        <translation>用摄像头扫描通行证</translation>
    </message>
    <message>
        <source>Check the number, or tap &quot;Help&quot; below.</source>
        <translation>请核对通行证上的号码，或点击下方的“帮助”。</translation>
    </message>
    <message>
        <source>Looking for a code…</source>
        <translation>正在识别……</translation>
    </message>
    <message>
        <source>The camera is off.</source>
        <translation>摄像头已关闭。</translation>
    </message>
    <message>
        <source>Code window: shows where the pass code is, not your face</source>
        <translation>识码窗口：只显示通行证码的位置，不显示您的脸</translation>
    </message>
    <message>
        <source>Hold the code under the scanner below the screen.</source>
        <translation>请将码放在屏幕下方的扫描器下。</translation>
    </message>
    <message>
        <source>Hold it up to the camera. The screen shows only a blur and a frame around the code, never your face. The camera is switched off again right after.</source>
        <translation>请将它对准摄像头。屏幕上只显示一片模糊的色块和码周围的方框，绝不显示您的脸。识别后摄像头会立即关闭。</translation>
    </message>
    <message>
        <source>Please tap &quot;Help&quot; below: someone will come.</source>
        <translation>请点击下方的“帮助”，会有人来帮您。</translation>
    </message>
    <message>
        <source>Code found. Hold it still…</source>
        <translation>已找到码，请保持不动…</translation>
    </message>
    <message numerus="yes">
        <source>Looking for a code… %n second(s) left.</source>
        <translation>
            <numerusform>正在寻找码… 还剩 %n 秒。</numerusform>
        </translation>
    </message>
    <message>
        <source>The camera is not available. Please type your member number.</source>
        <translation>摄像头暂时无法使用，请输入会员号。</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Kiosk</source>
        <translation>自助机</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最后联系</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Face engine</source>
        <translation>人脸引擎</translation>
    </message>
    <message>
        <source>Liveness refusals (24 h)</source>
        <translation>活体检测拒绝（24 小时）</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>求助</translation>
    </message>
    <message>
        <source>Audit chain</source>
        <translation>审计记录链</translation>
    </message>
    <message>
        <source>Help requests</source>
        <translation>求助请求</translation>
    </message>
    <message>
        <source>%1 of %2 kiosks online (offline after %3 s without contact)</source>
        <translation>%2 台自助机中 %1 台在线（超过 %3 秒无联系即视为离线）</translation>
    </message>
    <message>
        <source>faces set up on the site: %1</source>
        <translation>站点内已设置人脸：%1 人</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未核验</translation>
    </message>
    <message>
        <source>whole (%1 records)</source>
        <translation>完整（%1 条记录）</translation>
    </message>
    <message>
        <source>Check audit chains</source>
        <translation>核验审计记录链</translation>
    </message>
    <message>
        <source>not used yet</source>
        <translation>尚未使用</translation>
    </message>
    <message>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <source>restarting</source>
        <translation>重启中</translation>
    </message>
    <message>
        <source>Faces set up</source>
        <translation>已设置人脸</translation>
    </message>
    <message>
        <source>Site unreachable since %1: the kiosks are shown as last seen; this console&apos;s own data is up to date.</source>
        <translation>自 %1 起无法连接站点：各自助机显示为最后一次看到的状态；本控制台自己的数据是最新的。</translation>
    </message>
    <message>
        <source>Site unreachable since %1: the other kiosks are shown as last seen; this kiosk&apos;s own data is up to date.</source>
        <translation>自 %1 起无法连接站点：其他自助机显示为最后一次看到的状态；本机自己的数据是最新的。</translation>
    </message>
    <message>
        <source>Site unreachable: this console has not reached it yet.</source>
        <translation>无法连接站点：本控制台尚未连上站点。</translation>
    </message>
    <message>
        <source>Site unreachable: this kiosk has not reached it yet; its own data is up to date.</source>
        <translation>无法连接站点：本机尚未连上站点；本机自己的数据是最新的。</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>(this office console)</source>
        <translation>（本办公室控制台）</translation>
    </message>
    <message>
        <source>(office console)</source>
        <translation>（办公室控制台）</translation>
    </message>
    <message>
        <source>(this kiosk)</source>
        <translation>（本机）</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>broken: %1</source>
        <translation>已损坏：%1</translation>
    </message>
    <message>
        <source>Staff console</source>
        <translation>工作人员控制台</translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation>切换语言为 %1</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Acknowledge this help request: someone is going</source>
        <translation>确认此求助请求：已有人前往</translation>
    </message>
    <message>
        <source>Check every kiosk&apos;s audit chain as the site&apos;s server holds it</source>
        <translation>按站点服务器保存的内容核验每台自助机的审计记录链</translation>
    </message>
    <message>
        <source>Every setting here is the site&apos;s and reaches every kiosk, except camera, gate, help notification, pass scanner and sound: each kiosk keeps its own, set at that kiosk.</source>
        <translation>这里的每项设置都属于整个站点，会同步到每台自助机；摄像头、闸机、求助通知、通行证扫描器和声音除外：这些由每台自助机各自保留，在该自助机上设置。</translation>
    </message>
    <message>
        <source>Camera, gate, help notification, pass scanner and sound settings apply to %1 only; every other setting is the site&apos;s and reaches every kiosk.</source>
        <translation>摄像头、闸机、求助通知、通行证扫描器和声音的设置只适用于 %1；其他所有设置属于整个站点，会同步到每台自助机。</translation>
    </message>
    <message>
        <source>A visitor asks for help: sign in to see who and where.</source>
        <translation>有访客求助：请登录查看是谁、在哪里。</translation>
    </message>
    <message>
        <source>The site&apos;s audit chains cannot be checked now: the site does not answer.</source>
        <translation>现在无法核验站点的审计记录链：站点没有响应。</translation>
    </message>
    <message>
        <source>a kiosk of the site</source>
        <translation>站点的一台自助机</translation>
    </message>
    <message>
        <source>member %1</source>
        <translation>会员 %1</translation>
    </message>
    <message>
        <source>a visitor without a member number</source>
        <translation>一位未输入会员号的访客</translation>
    </message>
    <message>
        <source>Help requested at %1 by %2, %3</source>
        <translation>%1 有人求助：%2，%3</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>Time left: %n second(s)</source>
        <translation>
            <numerusform>剩余时间：%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FacePage</name>
    <message>
        <source>Look at the camera</source>
        <translation>请看向摄像头</translation>
    </message>
    <message>
        <source>Your face is compared only with the face set up for this pass. No photo is kept.</source>
        <translation>您的面部只会与本通行证登记的人脸比对，不会保存任何照片。</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Camera picture with an oval guide</source>
        <translation>带椭圆引导框的摄像头画面</translation>
    </message>
    <message>
        <source>Use my PIN instead</source>
        <translation>改用密码</translation>
    </message>
    <message>
        <source>Confirmed %1 of %2</source>
        <translation>已确认 %1 / %2</translation>
    </message>
</context>
<context>
    <name>FailedPage</name>
    <message>
        <source>We could not confirm it is you</source>
        <translation>未能确认您的身份</translation>
    </message>
    <message>
        <source>The camera could not see your face clearly in time.</source>
        <translation>摄像头未能及时看清您的面部。</translation>
    </message>
    <message>
        <source>Your face did not match the face set up for this pass. This happens sometimes.</source>
        <translation>您的面部与本通行证登记的人脸不一致。这种情况偶尔会发生。</translation>
    </message>
    <message numerus="yes">
        <source>Your PIN always works. You can also try your face %n more time(s).</source>
        <translation>
            <numerusform>密码始终可用。您也可以再试 %n 次人脸核验。</numerusform>
        </translation>
    </message>
    <message>
        <source>Use my PIN</source>
        <translation>使用密码</translation>
    </message>
    <message>
        <source>Try my face again</source>
        <translation>再试一次人脸核验</translation>
    </message>
    <message>
        <source>Other ways</source>
        <translation>其他方式</translation>
    </message>
    <message>
        <source>Please use your PIN or ask staff.</source>
        <translation>请使用密码，或联系工作人员。</translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation>联系工作人员</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <extracomment>row by row, three keys a row: the same on every keypad (visitor, guardian and staff PINs)</extracomment>
        <translation>清空</translation>
    </message>
    <message>
        <source>⌫</source>
        <translation>⌫</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>Liveness</name>
    <message>
        <source>Slowly turn your head to your left</source>
        <translation>请慢慢把头转向您的左边</translation>
    </message>
    <message>
        <source>Slowly turn your head to your right</source>
        <translation>请慢慢把头转向您的右边</translation>
    </message>
    <message>
        <source>Slowly tilt your head up</source>
        <translation>请慢慢抬头</translation>
    </message>
    <message>
        <source>Slowly tilt your head down</source>
        <translation>请慢慢低头</translation>
    </message>
    <message>
        <source>Now look straight at the camera</source>
        <translation>现在请直视摄像头</translation>
    </message>
    <message>
        <source>The head movement asked for was not seen in time.</source>
        <translation>未能在时限内看到所要求的头部动作。</translation>
    </message>
    <message>
        <source>The face went out of view during the check.</source>
        <translation>检查过程中面部离开了画面。</translation>
    </message>
    <message>
        <source>Someone else was in view during the check.</source>
        <translation>检查过程中画面里有其他人。</translation>
    </message>
    <message>
        <source>The camera picture was not clear enough for the check.</source>
        <translation>摄像头画面不够清晰，无法完成检查。</translation>
    </message>
    <message>
        <source>The head moved in other directions than the ones asked for.</source>
        <translation>头部转动的方向与提示的方向不同。</translation>
    </message>
    <message>
        <source>The picture changed too suddenly. Please move slowly.</source>
        <translation>画面变化太突然。请慢慢转动。</translation>
    </message>
    <message>
        <source>The camera did not see one face all through the check.</source>
        <translation>检查过程中摄像头未能始终看到同一张脸。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
        <source>The check that a person is in front of the camera did not succeed. This happens sometimes, for example in strong light, or when turning the head is hard.</source>
        <translation>未能确认摄像头前是真人。这种情况偶尔会发生，例如光线太强，或转头不方便时。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>We could not find that pass or member number.</source>
        <translation>找不到这张通行证或这个会员号。</translation>
    </message>
    <message>
        <source>That PIN could not be checked.</source>
        <translation>暂时无法核对密码。</translation>
    </message>
    <message>
        <source>The camera is not available right now.</source>
        <translation>摄像头暂时无法使用。</translation>
    </message>
    <message>
        <source>Face verification is not available right now.</source>
        <translation>人脸核验暂时无法使用。</translation>
    </message>
    <message>
        <source>Face verification is not available here.</source>
        <translation>此处不提供人脸核验。</translation>
    </message>
    <message>
        <source>We could not see a face clearly.</source>
        <translation>未能看清面部。</translation>
    </message>
    <message>
        <source>Consent is needed before a face can be set up.</source>
        <translation>开通人脸核验前需要您的同意。</translation>
    </message>
    <message>
        <source>Face verification could not be set up.</source>
        <translation>人脸核验未能开通。</translation>
    </message>
    <message>
        <source>This face is already set up on another pass. Please ask staff.</source>
        <translation>这张面孔已登记在另一张通行证上，请联系工作人员。</translation>
    </message>
    <message>
        <source>The picture could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <source>This pass is not valid at the moment. Please ask staff.</source>
        <translation>此通行证目前无效，请联系工作人员。</translation>
    </message>
    <message>
        <source>Something went wrong. Please use another way in or ask staff.</source>
        <translation>出了点问题。请换一种方式，或联系工作人员。</translation>
    </message>
    <message>
        <source>This kiosk cannot check passes right now. Please ask staff.</source>
        <translation>本机暂时无法核验通行证。请联系工作人员。</translation>
    </message>
    <message>
        <source>This person cannot give consent for this pass. Please ask staff.</source>
        <translation>此人不能为此通行证表示同意。请联系工作人员。</translation>
    </message>
    <message>
        <source>Please use the parent&apos;s or guardian&apos;s own member number, not the child&apos;s.</source>
        <translation>请使用父母或监护人自己的会员号，而不是孩子的会员号。</translation>
    </message>
    <message>
        <source>A parent or guardian is an adult. Please ask an adult, or ask staff.</source>
        <translation>父母或监护人应为成年人。请由成年人操作，或联系工作人员。</translation>
    </message>
    <message>
        <source>That pass is not valid at the moment. Please ask staff for help.</source>
        <translation>该通行证目前无效。请联系工作人员协助。</translation>
    </message>
    <message>
        <source>Please type the parent&apos;s or guardian&apos;s full name.</source>
        <translation>请输入父母或监护人的姓名。</translation>
    </message>
    <message>
        <source>This face pass cannot be used. Please use card or PIN, or ask staff.</source>
        <translation>这张刷脸通行证无法使用。请使用卡片或 PIN 码，或联系工作人员。</translation>
    </message>
    <message>
        <source>Face checks for this pass are paused for a while after several tries. Your PIN works as always.</source>
        <translation>此通行证的人脸验证因多次尝试暂时停用。您的 PIN 码照常可用。</translation>
    </message>
    <message>
        <source>This staff account cannot do this. Please ask another member of staff.</source>
        <translation>此工作人员账号不能进行此操作。请联系其他工作人员。</translation>
    </message>
    <message>
        <source>Please confirm it is you with your PIN.</source>
        <translation>请用您的密码确认是您本人。</translation>
    </message>
    <message>
        <source>That staff PIN could not be checked.</source>
        <translation>无法核对该工作人员密码。</translation>
    </message>
    <message>
        <source>Hold still…</source>
        <translation>请保持不动……</translation>
    </message>
    <message>
        <source>Look at the camera.</source>
        <translation>请看向摄像头。</translation>
    </message>
    <message>
        <source>Only one person in front of the camera, please.</source>
        <translation>摄像头前请只保留一人。</translation>
    </message>
    <message>
        <source>Come closer to the camera.</source>
        <translation>请靠近摄像头。</translation>
    </message>
    <message>
        <source>Move your face into the oval.</source>
        <translation>请将面部移到椭圆框内。</translation>
    </message>
    <message>
        <source>Hold still.</source>
        <translation>请保持不动。</translation>
    </message>
    <message>
        <source>More light is needed on your face.</source>
        <translation>面部光线太暗。</translation>
    </message>
    <message>
        <source>Too bright: step out of direct light.</source>
        <translation>光线太强，请避开直射光。</translation>
    </message>
</context>
<context>
    <name>MethodPage</name>
    <message>
        <source>How would you like to confirm it is you?</source>
        <extracomment>where &quot;Set up face verification (optional)&quot; lives: below the alternatives</extracomment>
        <translation>您想用哪种方式确认身份？</translation>
    </message>
    <message>
        <source>Choose one. Every way works equally well.</source>
        <translation>任选一种，每种方式效果相同。</translation>
    </message>
    <message>
        <source>Check in now
Your PIN is already confirmed</source>
        <translation>立即入场
您的密码已确认</translation>
    </message>
    <message>
        <source>Check in now</source>
        <translation>立即入场</translation>
    </message>
    <message>
        <source>PIN
Type your 4 to 8 digit PIN</source>
        <translation>密码
输入 4 至 8 位数字密码</translation>
    </message>
    <message>
        <source>Use my PIN</source>
        <translation>使用密码</translation>
    </message>
    <message>
        <source>Nothing was saved. Your card and PIN work as before.</source>
        <translation>没有保存任何内容。您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>Face
Look at the camera for a moment</source>
        <translation>人脸
看向摄像头片刻</translation>
    </message>
    <message>
        <source>Use my face</source>
        <translation>使用人脸</translation>
    </message>
    <message>
        <source>Ask staff
A member of staff checks your pass</source>
        <translation>联系工作人员
由工作人员核对您的通行证</translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation>联系工作人员</translation>
    </message>
    <message>
        <source>Set up face verification (optional)</source>
        <translation>开通人脸核验（可选）</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>‹  Back</source>
        <extracomment>pinned to the right of the body (keypads): never scrolls pinned at the bottom above Back / Start over: the page&apos;s answers (they join the end of the scrolling body only when large text on a small screen leaves the body no room)</extracomment>
        <translation>‹  返回</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>? Help / ask staff</source>
        <translation>? 帮助 / 联系工作人员</translation>
    </message>
    <message>
        <source>Help: ask a member of staff</source>
        <translation>帮助：联系工作人员</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
</context>
<context>
    <name>PassMessages</name>
    <message>
        <source>This code could not be read as a face pass. Please scan it again, or use your card or PIN.</source>
        <translation>无法将此码识别为人脸通行证。请再扫一次，或使用您的卡或密码。</translation>
    </message>
    <message>
        <source>This face pass is newer than this kiosk. Please use your card or PIN, or ask staff.</source>
        <translation>这张人脸通行证的版本比这台设备新。请使用您的卡或密码，或询问工作人员。</translation>
    </message>
    <message>
        <source>This face pass is from another site. Please use your card or PIN.</source>
        <translation>这张人脸通行证属于其他场所。请使用您的卡或密码。</translation>
    </message>
    <message>
        <source>This face pass is damaged or has been changed. Please use your card or PIN, and ask staff for a new one.</source>
        <translation>这张人脸通行证已损坏或被改动。请使用您的卡或密码，并请工作人员为您重新办理。</translation>
    </message>
    <message>
        <source>This face pass belongs to someone else. Please use your own pass, card or PIN.</source>
        <translation>这张人脸通行证属于其他人。请使用您自己的通行证、卡或密码。</translation>
    </message>
    <message>
        <source>This face pass has expired. Please renew it at the desk. Your card and PIN keep working.</source>
        <translation>这张人脸通行证已过期，请到服务台续期。您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>This face pass is out of date. Please renew it at the desk. Your card and PIN keep working.</source>
        <translation>这张人脸通行证已不再适用，请到服务台续期。您的卡和密码照常可用。</translation>
    </message>
    <message>
        <source>Face verification was withdrawn for this pass. Please use your card or PIN.</source>
        <translation>这张通行证的人脸核验已撤回。请使用您的卡或密码。</translation>
    </message>
    <message>
        <source>This kiosk cannot read face passes yet. Please use your card or PIN, or ask staff.</source>
        <translation>这台设备暂时无法读取人脸通行证。请使用您的卡或密码，或询问工作人员。</translation>
    </message>
</context>
<context>
    <name>PassedPage</name>
    <message>
        <source>✓  You&apos;re in</source>
        <translation>✓  已入场</translation>
    </message>
    <message>
        <source>You&apos;re in</source>
        <translation>已入场</translation>
    </message>
    <message>
        <source>Welcome, %1!</source>
        <translation>欢迎您，%1！</translation>
    </message>
    <message>
        <source>You are checked in. Please go through the gate. Enjoy your visit!</source>
        <translation>核验通过，请通过闸机。祝您参观愉快！</translation>
    </message>
    <message>
        <source>You are checked in, but the gate did not open. Please see staff.</source>
        <translation>核验已通过，但闸机没有打开，请联系工作人员。</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Done (%1)</source>
        <translation>完成（%1）</translation>
    </message>
</context>
<context>
    <name>PinLockedPage</name>
    <message>
        <source>PIN entry is paused</source>
        <translation>密码输入已暂停</translation>
    </message>
    <message>
        <source>Too many wrong PINs were typed. This protects your pass. You can use another way in, or ask staff.</source>
        <translation>密码输错次数过多。这是为了保护您的通行证。您可以换一种方式，或联系工作人员。</translation>
    </message>
    <message>
        <source>Use my face instead</source>
        <translation>改用人脸</translation>
    </message>
    <message>
        <source>Ask staff</source>
        <translation>联系工作人员</translation>
    </message>
    <message>
        <source>Try my PIN again</source>
        <translation>重新输入密码</translation>
    </message>
    <message>
        <source>You can try your PIN again now.</source>
        <translation>现在可以重新输入密码了。</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <source>Enter your PIN</source>
        <translation>请输入密码</translation>
    </message>
    <message>
        <source>Type your PIN and press OK. The digits stay hidden.</source>
        <translation>输入密码后按“确定”。输入的数字不会显示。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>That PIN is not right. Please try again.</source>
        <translation>密码不正确，请重试。</translation>
    </message>
    <message numerus="yes">
        <source>%n more wrong PIN(s) and PIN entry pauses for a while.</source>
        <translation>
            <numerusform>再输错 %n 次，密码输入将暂停一段时间。</numerusform>
        </translation>
    </message>
    <message>
        <source>A PIN has 4 to 8 digits.</source>
        <translation>密码为 4 至 8 位数字。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对……</translation>
    </message>
</context>
<context>
    <name>Plurals</name>
    <message numerus="yes">
        <source>PIN entry is paused for %n second(s).</source>
        <translation>
            <numerusform>密码输入已暂停 %n 秒。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PIN entry is paused for %n minute(s).</source>
        <translation>
            <numerusform>密码输入已暂停 %n 分钟。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffMessages</name>
    <message>
        <source>This person cannot consent for this pass.</source>
        <translation>此人不能为这张通行证表示同意。</translation>
    </message>
    <message>
        <source>That could not be done.</source>
        <translation>无法完成此操作。</translation>
    </message>
    <message>
        <source>The kiosk&apos;s configuration cannot be used.</source>
        <translation>本机的配置无法使用。</translation>
    </message>
    <message>
        <source>Not saved: some values need correcting.</source>
        <translation>未保存：部分数值需要更正。</translation>
    </message>
    <message>
        <source>The kiosk&apos;s window cannot open on this display.</source>
        <translation>本机的窗口无法在此显示器上打开。</translation>
    </message>
    <message>
        <source>The database key is missing.</source>
        <translation>找不到数据库密钥。</translation>
    </message>
    <message>
        <source>The database key does not open this database.</source>
        <translation>此数据库密钥打不开这个数据库。</translation>
    </message>
    <message>
        <source>The database is damaged.</source>
        <translation>数据库已损坏。</translation>
    </message>
    <message>
        <source>The audit trail is not sealed, or it was tampered with: see &apos;kiosk audit verify&apos;.</source>
        <translation>审计记录未加封，或已被篡改：请运行 &apos;kiosk audit verify&apos; 查看。</translation>
    </message>
    <message>
        <source>The database was made by a newer version of the kiosk.</source>
        <translation>此数据库由更新版本的自助机创建。</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>That file belongs to the kiosk itself and is never overwritten.</source>
        <translation>该文件是自助机自身的文件，绝不会被覆盖。</translation>
    </message>
    <message>
        <source>Nothing was imported: the file has errors.</source>
        <translation>未导入任何数据：文件中有错误。</translation>
    </message>
    <message>
        <source>The PIN could not be set or checked.</source>
        <translation>无法设置或核验 PIN 码。</translation>
    </message>
    <message>
        <source>The picture could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <source>No usable face in the picture.</source>
        <translation>图片中没有可用的人脸。</translation>
    </message>
    <message>
        <source>The face could not be set up.</source>
        <translation>无法设置刷脸。</translation>
    </message>
    <message>
        <source>This face is already set up on another pass.</source>
        <translation>这张脸已在另一张通行证上设置过。</translation>
    </message>
    <message>
        <source>Consent is missing or could not be recorded.</source>
        <translation>缺少同意记录，或无法记录同意。</translation>
    </message>
    <message>
        <source>Face features are not allowed here.</source>
        <translation>此处不允许使用人脸功能。</translation>
    </message>
    <message>
        <source>Face checks are paused after repeated failed tries.</source>
        <translation>人脸验证因多次失败已暂停。</translation>
    </message>
    <message>
        <source>The camera is not available.</source>
        <translation>摄像头不可用。</translation>
    </message>
    <message>
        <source>The face engine is not available.</source>
        <translation>人脸引擎不可用。</translation>
    </message>
    <message>
        <source>A liveness model is missing or altered.</source>
        <translation>活体检测模型缺失或已被改动。</translation>
    </message>
    <message>
        <source>The face pass was refused.</source>
        <translation>刷脸通行证被拒绝。</translation>
    </message>
    <message>
        <source>Nothing was imported: this is not a revocation list of this site.</source>
        <translation>未导入任何内容：这不是本场所的撤回名单。</translation>
    </message>
    <message>
        <source>The pass is not valid at the moment.</source>
        <translation>该通行证目前无效。</translation>
    </message>
    <message>
        <source>Your role may not do this. Ask an administrator.</source>
        <translation>您的角色无权执行此操作，请联系管理员。</translation>
    </message>
    <message>
        <source>The visitor&apos;s confirmation is not for this member, has lapsed or was used.</source>
        <translation>该访客的确认不属于此会员、已过期或已使用。</translation>
    </message>
    <message>
        <source>The staff account could not be changed.</source>
        <translation>无法更改工作人员账户。</translation>
    </message>
    <message>
        <source>The export could not be written.</source>
        <translation>无法写入导出文件。</translation>
    </message>
    <message>
        <source>The maintenance task could not be completed.</source>
        <translation>维护任务未能完成。</translation>
    </message>
    <message>
        <source>The report could not be written.</source>
        <translation>无法写入报告。</translation>
    </message>
    <message>
        <source>The pairs file cannot be used: it has errors.</source>
        <translation>配对文件有错误，无法使用。</translation>
    </message>
    <message>
        <source>Some of the files it names are missing.</source>
        <translation>其中列出的部分文件不存在。</translation>
    </message>
    <message>
        <source>The site server cannot be reached; this kiosk goes on and sends its changes later.</source>
        <translation>无法连接站点服务器；本机照常工作，稍后再发送其更改。</translation>
    </message>
</context>
<context>
    <name>StillTherePrompt</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message numerus="yes">
        <source>To protect your details, this screen starts over in %n second(s).</source>
        <translation>
            <numerusform>为保护您的信息，本页面将在 %n 秒后回到首页。</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I&apos;m still here</source>
        <translation>在，我还在</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>重新开始</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>Check in with your pass or your member number.</source>
        <translation>请使用通行证或会员号入场。</translation>
    </message>
    <message>
        <source>Start: scan pass or enter number</source>
        <translation>开始：扫描通行证或输入会员号</translation>
    </message>
    <message>
        <source>You can confirm it is you with your PIN. Face verification is optional.</source>
        <translation>您可以用密码确认身份。人脸核验完全自愿。</translation>
    </message>
    <message>
        <source>My data</source>
        <translation>我的数据</translation>
    </message>
    <message>
        <source>My data: see or delete what this kiosk stores about you</source>
        <translation>我的数据：查看或删除本机保存的关于您的信息</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <source>Visitor check-in</source>
        <translation>访客核验</translation>
    </message>
    <message>
        <source>Switch language to %1</source>
        <translation>切换语言为 %1</translation>
    </message>
    <message>
        <source>A+ Large text</source>
        <translation>A+ 大字体</translation>
    </message>
    <message>
        <source>◐ High contrast</source>
        <translation>◐ 高对比度</translation>
    </message>
    <message>
        <source>Staff: help requested</source>
        <translation>工作人员：有人求助</translation>
    </message>
    <message>
        <source>Staff: a visitor asked for help. Open the staff area (staff PIN)</source>
        <translation>工作人员：有访客求助。打开工作人员区（需工作人员密码）</translation>
    </message>
    <message>
        <source>No. %1 %2, PIN %3</source>
        <translation>%1 %2，密码 %3</translation>
    </message>
    <message>
        <source> (face set up)</source>
        <translation>（已开通人脸）</translation>
    </message>
    <message>
        <source>DEMO with test data only.</source>
        <translation>演示（测试数据）：</translation>
    </message>
    <message>
        <source>To leave full screen: press Ctrl+Alt+S, enter the staff PIN %1, then choose Leave kiosk mode.</source>
        <translation>退出全屏：按 Ctrl+Alt+S，输入工作人员密码 %1，然后选择“退出自助机模式”。</translation>
    </message>
    <message>
        <source>To leave the demo, close this window.</source>
        <translation>关闭此窗口即可退出演示。</translation>
    </message>
    <message>
        <source>The demo camera shows a still photo, so face checks fail the liveness check here, as they should. Use --camera 0 with a webcam, or the PIN.</source>
        <translation>演示摄像头显示的是一张静止照片，因此这里的人脸核验不会通过活体检测，这是正常的。请用 --camera 0 连接网络摄像头，或使用密码。</translation>
    </message>
</context>
</TS>
