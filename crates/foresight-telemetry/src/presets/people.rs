//! Presets for people and vehicles: wearables, positioning tags, video analytics, AGVs, padlocks, gates.

use super::build::*;
use crate::model::{Category, Property, Severity, ThingModel};

fn confidence() -> Property {
    float("confidence", "置信度", "Confidence", (0.0, 1.0), 3, "")
}

pub(super) fn wearable() -> ThingModel {
    let heart_rate = || int("heart_rate", "心率", "Heart rate", (20, 250), "bpm");
    model(
        "wearable_band",
        "智能安全手环",
        "Smart safety wristband",
        Category::Wearable,
        "心率、心率变异性（RMSSD）、体表温度、跌倒与一键求救，北斗定位；可下发振动提醒。",
    )
    .props([
        heart_rate(),
        float("hrv", "心率变异性", "Heart-rate variability (RMSSD)", (0.0, 300.0), 1, "ms"),
        float("skin_temperature", "体表温度", "Skin temperature", (20.0, 45.0), 1, "°C"),
        latitude(),
        longitude(),
        battery(),
    ])
    .event("fall_detected", "跌倒检测", "Fall detected", Severity::Critical, vec![latitude(), longitude()])
    .event("sos", "一键求救", "SOS", Severity::Critical, vec![latitude(), longitude()])
    .event("heart_rate_abnormal", "心率异常", "Abnormal heart rate", Severity::Warning, vec![heart_rate()])
    .command("notify", "振动提醒", "Vibrate and show message", vec![text("message", "消息", "Message", 64)])
    .build()
}

pub(super) fn positioning_tag() -> ThingModel {
    model(
        "positioning_tag",
        "UWB/北斗定位标签",
        "UWB / BeiDou positioning tag",
        Category::Positioning,
        "人员、车辆定位标签：厂区局部坐标（米，原点为平面图原点）或北斗经纬度，RTK 可达厘米级。",
    )
    .props([
        local_x(),
        local_y(),
        float("z", "高度", "Height", (-100.0, 500.0), 2, "m"),
        latitude(),
        longitude(),
        float("accuracy", "定位精度", "Accuracy", (0.0, 100.0), 2, "m"),
        choice(
            "fix_type",
            "定位方式",
            "Fix type",
            &[
                (0, "无定位", "no fix"),
                (1, "单点", "single point"),
                (2, "差分", "DGNSS"),
                (4, "RTK 固定解", "RTK fixed"),
                (5, "RTK 浮点解", "RTK float"),
                (10, "UWB", "UWB"),
            ],
        ),
        battery(),
    ])
    .event("sos", "一键求救", "SOS", Severity::Critical, vec![local_x(), local_y()])
    .event("low_battery", "电量低", "Low battery", Severity::Warning, vec![battery()])
    .build()
}

pub(super) fn video_analytics() -> ThingModel {
    let detection = || vec![camera_id(), confidence(), text("snapshot_url", "抓拍图片", "Snapshot URL", 512)];
    model(
        "video_analytics_box",
        "AI 视频分析盒",
        "Video analytics edge box",
        Category::VideoAnalytics,
        "边缘 AI 行为识别：未戴安全帽、吸烟、区域入侵、烟火。每个事件带置信度，平台据此筛选误报。",
    )
    .props([
        int("online_cameras", "在线摄像机数", "Cameras online", (0, 64), ""),
        float("cpu_temperature", "处理器温度", "CPU temperature", (-20.0, 110.0), 1, "°C"),
    ])
    .event("no_helmet", "未戴安全帽", "No helmet", Severity::Warning, detection())
    .event("smoking", "吸烟", "Smoking", Severity::Alarm, detection())
    .event("intrusion", "区域入侵", "Intrusion", Severity::Alarm, detection())
    .event("fire_smoke", "烟火", "Fire or smoke", Severity::Critical, detection())
    .build()
}

pub(super) fn agv() -> ThingModel {
    model("agv", "AGV 搬运车", "Automated guided vehicle", Category::Vehicle, "灌装线、仓库内的自动导引车。")
        .props([
            float("speed", "速度", "Speed", (0.0, 5.0), 2, "m/s"),
            float("speed_limit", "限速", "Speed limit", (0.0, 5.0), 2, "m/s").writable(),
            battery(),
            local_x(),
            local_y(),
            float("heading", "航向", "Heading", (0.0, 360.0), 1, "°"),
            float("load", "载重", "Load", (0.0, 5_000.0), 1, "kg"),
            choice(
                "state",
                "状态",
                "State",
                &[
                    (0, "空闲", "idle"),
                    (1, "行驶", "moving"),
                    (2, "装卸", "loading"),
                    (3, "充电", "charging"),
                    (4, "故障", "fault"),
                    (5, "急停", "emergency stop"),
                ],
            ),
        ])
        .event(
            "obstacle",
            "障碍物",
            "Obstacle",
            Severity::Warning,
            vec![float("distance", "距离", "Distance", (0.0, 20.0), 2, "m")],
        )
        .event("emergency_stop", "急停", "Emergency stop", Severity::Alarm, vec![text("reason", "原因", "Reason", 128)])
        .event("collision", "碰撞", "Collision", Severity::Critical, vec![local_x(), local_y()])
        .command("pause", "暂停", "Pause", vec![])
        .command("resume", "继续", "Resume", vec![])
        .command("go_to", "前往", "Go to", vec![local_x(), local_y()])
        .build()
}

pub(super) fn padlock() -> ThingModel {
    model(
        "smart_padlock",
        "智能挂锁",
        "Smart padlock",
        Category::Lockout,
        "能量隔离（上锁挂牌 LOTO）用电子挂锁，记录每次开锁的人和方式。",
    )
    .props([flag("locked", "锁状态", "Lock state", ("已上锁", "locked"), ("已开锁", "unlocked")).required(), battery()])
    .event(
        "unlocked",
        "开锁",
        "Unlocked",
        Severity::Info,
        vec![
            person_id(),
            choice(
                "method",
                "开锁方式",
                "Method",
                &[(1, "蓝牙", "Bluetooth"), (2, "密码", "password"), (3, "机械钥匙", "key")],
            ),
        ],
    )
    .event("tamper", "破坏报警", "Tamper", Severity::Alarm, vec![])
    .command(
        "authorize_unlock",
        "授权开锁",
        "Authorise unlock",
        vec![person_id(), int("valid_secs", "有效期", "Valid for", (1, 86_400), "s")],
    )
    .build()
}

pub(super) fn access_gate() -> ThingModel {
    model(
        "access_gate",
        "门禁闸机",
        "Access gate",
        Category::AccessControl,
        "厂区、装置区出入口闸机；刷卡事件是承包商评分的数据来源之一。",
    )
    .props([
        int("people_inside", "区域内人数", "People inside", (0, 100_000), ""),
        choice(
            "door_state",
            "门状态",
            "Door state",
            &[(0, "关闭", "closed"), (1, "开启", "open"), (2, "常开", "held open"), (3, "故障", "fault")],
        ),
    ])
    .event(
        "swipe",
        "刷卡",
        "Swipe",
        Severity::Info,
        vec![
            person_id(),
            text("contractor_id", "承包商编号", "Contractor ID", 64),
            text("card_id", "卡号", "Card ID", 64),
            choice("direction", "方向", "Direction", &[(1, "进入", "in"), (2, "离开", "out")]),
            flag("granted", "结果", "Result", ("放行", "granted"), ("拒绝", "denied")),
        ],
    )
    .event("forced_open", "强行开门", "Forced open", Severity::Alarm, vec![])
    .event("tailgating", "尾随", "Tailgating", Severity::Warning, vec![])
    .build()
}
