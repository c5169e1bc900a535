//! The icons the navigation may name in route meta, imported one by one to keep the bundle small.
import {
  Avatar,
  Bell,
  Cpu,
  DataAnalysis,
  Document,
  Key,
  List,
  MapLocation,
  OfficeBuilding,
  Setting,
  Tickets,
  User,
} from '@element-plus/icons-vue';
import type { Component } from 'vue';

export const navIcons: Record<string, Component> = {
  Avatar,
  Bell,
  Cpu,
  DataAnalysis,
  Document,
  Key,
  List,
  MapLocation,
  OfficeBuilding,
  Setting,
  Tickets,
  User,
};
