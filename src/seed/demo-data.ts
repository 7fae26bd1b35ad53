/**
 * Demo data: Điện Biên province with three communes/wards, villages, officials in every role and a
 * few citizens. Agency codes follow the shape of QĐ 20/2020 codes but are demo values, not the
 * official ones; replace them with the province's published codes in production.
 */
import type { Role } from '../modules/identity/index.ts';

export const DEMO_PASSWORD = 'demo-commune-2026';

export interface DemoUnit {
  key: string;
  parent: string | null;
  kind: 'province' | 'commune' | 'ward' | 'village';
  code: string | null;
  name: string;
  address: string;
  sealName: string;
}

export const DEMO_UNITS: DemoUnit[] = [
  { key: 'province', parent: null, kind: 'province', code: 'H11', name: 'Tỉnh Điện Biên', address: 'Phường Điện Biên Phủ, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN' },
  { key: 'muongdang', parent: 'province', kind: 'commune', code: 'H11.35.01', name: 'Xã Mường Đăng', address: 'Bản Mường Đăng, xã Mường Đăng, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG' },
  { key: 'phinho', parent: 'province', kind: 'commune', code: 'H11.35.02', name: 'Xã Phìn Hồ', address: 'Thôn Phìn Hồ, xã Phìn Hồ, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN XÃ PHÌN HỒ' },
  { key: 'dienbienphu', parent: 'province', kind: 'ward', code: 'H11.35.03', name: 'Phường Điện Biên Phủ', address: 'Số 1 đường Võ Nguyên Giáp, phường Điện Biên Phủ, tỉnh Điện Biên', sealName: 'ỦY BAN NHÂN DÂN PHƯỜNG ĐIỆN BIÊN PHỦ' },
  { key: 'md-ban1', parent: 'muongdang', kind: 'village', code: null, name: 'Bản Mường Đăng', address: '', sealName: '' },
  { key: 'md-ban2', parent: 'muongdang', kind: 'village', code: null, name: 'Bản Co Muông', address: '', sealName: '' },
  { key: 'md-ban3', parent: 'muongdang', kind: 'village', code: null, name: 'Bản Hua Ná', address: '', sealName: '' },
  { key: 'ph-thon1', parent: 'phinho', kind: 'village', code: null, name: 'Thôn Phìn Hồ', address: '', sealName: '' },
  { key: 'ph-ban2', parent: 'phinho', kind: 'village', code: null, name: 'Bản Nậm Chim', address: '', sealName: '' },
  { key: 'dbp-to1', parent: 'dienbienphu', kind: 'village', code: null, name: 'Tổ dân phố 1', address: '', sealName: '' },
];

export interface DemoOfficial {
  unit: string;
  username: string;
  fullName: string;
  position: string;
  roles: Role[];
}

export const DEMO_OFFICIALS: DemoOfficial[] = [
  { unit: 'province', username: 'admin', fullName: 'Lò Văn Quản', position: 'Quản trị hệ thống', roles: ['system_admin'] },
  { unit: 'province', username: 'giamsat', fullName: 'Nguyễn Thị Giám', position: 'Chuyên viên Văn phòng UBND tỉnh', roles: ['provincial_supervisor'] },
  { unit: 'muongdang', username: 'chutich.muongdang', fullName: 'Lường Văn Chính', position: 'Chủ tịch UBND xã', roles: ['chairman'] },
  { unit: 'muongdang', username: 'phochutich.muongdang', fullName: 'Quàng Thị Phó', position: 'Phó Chủ tịch UBND xã', roles: ['vice_chairman'] },
  { unit: 'muongdang', username: 'motcua.muongdang', fullName: 'Lò Thị Hoa', position: 'Công chức Trung tâm Phục vụ hành chính công', roles: ['one_stop_officer'] },
  { unit: 'muongdang', username: 'chuyenmon.muongdang', fullName: 'Cà Văn Tư', position: 'Công chức Tư pháp – Hộ tịch', roles: ['specialist'] },
  { unit: 'muongdang', username: 'vanthu.muongdang', fullName: 'Tòng Thị Thư', position: 'Văn thư', roles: ['clerk'] },
  { unit: 'muongdang', username: 'tocns.muongdang', fullName: 'Lò Văn Số', position: 'Tổ trưởng tổ công nghệ số cộng đồng bản Co Muông', roles: ['digital_team_member'] },
  { unit: 'phinho', username: 'chutich.phinho', fullName: 'Giàng A Chư', position: 'Chủ tịch UBND xã', roles: ['chairman'] },
  { unit: 'phinho', username: 'motcua.phinho', fullName: 'Sùng Thị Mai', position: 'Công chức Trung tâm Phục vụ hành chính công', roles: ['one_stop_officer'] },
  { unit: 'phinho', username: 'vanthu.phinho', fullName: 'Vàng A Dình', position: 'Văn thư', roles: ['clerk', 'specialist'] },
  { unit: 'dienbienphu', username: 'chutich.dienbienphu', fullName: 'Trần Văn Phủ', position: 'Chủ tịch UBND phường', roles: ['chairman'] },
  { unit: 'dienbienphu', username: 'motcua.dienbienphu', fullName: 'Phạm Thị Lan', position: 'Công chức Trung tâm Phục vụ hành chính công', roles: ['one_stop_officer'] },
];

export const DEMO_CITIZENS = [
  { fullName: 'Lò Thị Mai', phone: '0912000001', email: null },
  { fullName: 'Giàng A Páo', phone: '0912000002', email: null },
  { fullName: 'Nguyễn Văn An', phone: null, email: 'an.nguyen@example.vn' },
];
