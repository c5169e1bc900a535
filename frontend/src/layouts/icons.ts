//! The icons the navigation may name in route meta, imported one by one to keep the bundle small.
import {
  Avatar,
  Bell,
  Connection,
  Cpu,
  DataAnalysis,
  Document,
  Files,
  Key,
  List,
  MapLocation,
  Monitor,
  OfficeBuilding,
  Setting,
  Tickets,
  User,
  WarningFilled,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

export const navIcons: Record<string, Component> = {
  Avatar,
  Bell,
  Connection,
  Cpu,
  DataAnalysis,
  Document,
  Files,
  Key,
  List,
  MapLocation,
  Monitor,
  OfficeBuilding,
  Setting,
  Tickets,
  User,
  WarningFilled,
};
