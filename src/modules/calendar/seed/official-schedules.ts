/**
 * The official schedules of 2024, 2025 and 2026 shipped with the application, from shared/docs/research/vn-rules-2.md
 * §1.2–1.3 (schedules of public offices: cán bộ, công chức, viên chức). Only what the law's rules (domain/holidays.ts,
 * default settings) do not already give is listed; with them, the weekdays off and the working Saturdays of each year
 * are exactly the research's machine-readable lists (test/unit/calendar-seed.test.ts checks it).
 *
 * Evidence, as the research tags it: [V] read in a source quoting the official text, [V3] third-party material only
 * (check against the official text; an administrator corrects a year on /admin/calendar).
 */
import type { YearSchedule } from '../domain/schedule.ts';

export const OFFICIAL_SCHEDULES: readonly YearSchedule[] = [
  {
    year: 2024,
    source: 'BLLĐ 2019 Điều 111(3), 112; Công văn 8662/VPCP-KGVX (03/11/2023); Thông báo 5015/TB-LĐTBXH (22/11/2023); Công văn 2450/VPCP-KGVX (12/04/2024); Thông báo 1570/TB-LĐTBXH (2024)',
    entries: [
      // Tết Giáp Thìn: Thu 08/02 – Wed 14/02; the 5 Tết days were 29 Chạp – mùng 3 (08–12/02), then 2 days off for
      // Saturday 10 and Sunday 11 (13–14/02). The rules give 30 Chạp – mùng 4 (09–13/02). [V]
      { date: '2024-02-08', kind: 'holiday', name: 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', source: 'Thông báo 5015/TB-LĐTBXH (22/11/2023)' },
      { date: '2024-02-14', kind: 'compensating_day_off', name: 'Nghỉ bù Tết Nguyên đán (Tết trùng thứ Bảy, Chủ nhật)', source: 'Thông báo 5015/TB-LĐTBXH (22/11/2023)' },
      // 30/4–1/5: Sat 27/04 – Wed 01/05, Monday 29/04 swapped for Saturday 04/05. [V]; the Saturday [V3].
      { date: '2024-04-29', kind: 'day_off', name: 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 04/05/2024)', source: 'Công văn 2450/VPCP-KGVX (12/04/2024)' },
      { date: '2024-05-04', kind: 'working_saturday', name: 'Làm bù cho ngày nghỉ thứ Hai 29/04/2024', source: 'Công văn 2450/VPCP-KGVX (12/04/2024); Thông báo 1570/TB-LĐTBXH' },
      // Quốc khánh: 02/09 and 03/09, as the rules compute. Giỗ Tổ 18/04 [V3], as computed.
    ],
  },
  {
    year: 2025,
    source: 'BLLĐ 2019 Điều 112; Công văn 8726/VPCP-KGVX (26/11/2024); Thông báo 6150/TB-BLĐTBXH (2024)',
    entries: [
      // Tết Ất Tỵ: Sat 25/01 – Sun 02/02, weekdays off 27–31/01 (28 Chạp – mùng 3); the rules give 29 Chạp – mùng 4,
      // whose last day is a Saturday, so only 27/01 is missing. No swap. [V]
      { date: '2025-01-27', kind: 'holiday', name: 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', source: 'Công văn 8726/VPCP-KGVX (26/11/2024); Thông báo 6150/TB-BLĐTBXH' },
      // 30/4–1/5: Wed 30/04 – Sun 04/05, Friday 02/05 swapped for Saturday 26/04. [V]
      { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/04/2025)', source: 'Thông báo 6150/TB-BLĐTBXH' },
      { date: '2025-04-26', kind: 'working_saturday', name: 'Làm bù cho ngày nghỉ thứ Sáu 02/05/2025', source: 'Thông báo 6150/TB-BLĐTBXH' },
      // Quốc khánh: 01/09 and 02/09, as the rules compute [V]. Giỗ Tổ 07/04 [V3], as computed.
    ],
  },
  {
    year: 2026,
    source: 'BLLĐ 2019 Điều 111(3), 112; Công văn 12729/VPCP-KGVX (25/12/2025); ý kiến của Thủ tướng về lịch nghỉ Tết và Quốc khánh 2026 (báo chí đưa tin 13/10/2025); Thông báo 9441/TB-BNV; Công văn 3383/BNV-CVL; Nghị quyết 28/2026/QH16 Điều 2 (từ 01/07/2026)',
    entries: [
      // Tết Dương lịch: Thu 01/01 – Sun 04/01, Friday 02/01 swapped for Saturday 10/01. [V3]
      { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', source: 'Công văn 12729/VPCP-KGVX (25/12/2025)' },
      { date: '2026-01-10', kind: 'working_saturday', name: 'Làm bù cho ngày nghỉ thứ Sáu 02/01/2026', source: 'Công văn 12729/VPCP-KGVX (25/12/2025)' },
      // Tết Bính Ngọ: Sat 14/02 – Sun 22/02, weekdays off 16–20/02 (29 Chạp – mùng 4), as the rules compute. [V]
      // Giỗ Tổ: 10/3 âm lịch is Sunday 26/04; the compensating day is Monday 27/04 (Art. 111(3)). [V]
      { date: '2026-04-27', kind: 'compensating_day_off', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch trùng Chủ nhật 26/04)', source: 'BLLĐ 2019 Điều 111(3)' },
      // 30/4–1/5: Thu 30/04 – Sun 03/05, no swap (Công văn 3383/BNV-CVL [V3]), as the rules compute. [V]
      // Quốc khánh: Sat 29/08 – Wed 02/09; the second day is 01/09 (as computed) and Monday 31/08 is swapped for
      // Saturday 22/08. [V]
      { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)', source: 'Thông báo 9441/TB-BNV' },
      { date: '2026-08-22', kind: 'working_saturday', name: 'Làm bù cho ngày nghỉ thứ Hai 31/08/2026', source: 'Thông báo 9441/TB-BNV' },
      // Ngày Văn hóa Việt Nam, Tuesday 24/11: computed by the rules (NQ 28/2026/QH16 [V3]). The swap proposed around it
      // (Mon 23/11 off, Sat 28/11 worked) was not decided when the research was written: not applied.
    ],
  },
];
