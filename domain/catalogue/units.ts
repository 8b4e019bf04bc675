/**
 * Units of the demo city (Thành phố Hồ Chí Minh, two-tier local government since 1/7/2025):
 * wards (phường) that run a one-stop desk and approve first, and city departments (sở) that own
 * procedures. Agency identifiers follow the shape of Decision 20/2020/QĐ-TTg codes
 * ("000.xx.yy.H29", H29 = Hồ Chí Minh City); the numbers are this deployment's, not the national
 * registry's. Addresses are the units' usual seats, for documents.
 */
import type { Unit } from '../types';

const CITY = 'Thành phố Hồ Chí Minh';
const CITY_PEOPLES_COMMITTEE = 'UBND THÀNH PHỐ HỒ CHÍ MINH';

export const UNITS: readonly Unit[] = [
  {
    code: 'SAIGON',
    name: 'Phường Sài Gòn',
    kind: 'WARD',
    agencyId: '000.26.01.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN',
    documentSymbol: 'UBND',
    place: CITY,
    address: '45-47 Lê Duẩn, Phường Sài Gòn, Thành phố Hồ Chí Minh',
  },
  {
    code: 'BENTHANH',
    name: 'Phường Bến Thành',
    kind: 'WARD',
    agencyId: '000.26.02.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'ỦY BAN NHÂN DÂN PHƯỜNG BẾN THÀNH',
    documentSymbol: 'UBND',
    place: CITY,
    address: '92 Nguyễn Trãi, Phường Bến Thành, Thành phố Hồ Chí Minh',
  },
  {
    code: 'TANDINH',
    name: 'Phường Tân Định',
    kind: 'WARD',
    agencyId: '000.26.03.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'ỦY BAN NHÂN DÂN PHƯỜNG TÂN ĐỊNH',
    documentSymbol: 'UBND',
    place: CITY,
    address: '35 Trần Quang Khải, Phường Tân Định, Thành phố Hồ Chí Minh',
  },
  {
    code: 'SXD',
    name: 'Sở Xây dựng',
    kind: 'DEPARTMENT',
    agencyId: '000.00.13.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'SỞ XÂY DỰNG',
    documentSymbol: 'SXD',
    place: CITY,
    address: '60 Trương Định, Phường Xuân Hòa, Thành phố Hồ Chí Minh',
  },
  {
    code: 'STC',
    name: 'Sở Tài chính',
    kind: 'DEPARTMENT',
    agencyId: '000.00.09.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'SỞ TÀI CHÍNH',
    documentSymbol: 'STC',
    place: CITY,
    address: '142 Nguyễn Thị Minh Khai, Phường Xuân Hòa, Thành phố Hồ Chí Minh',
  },
  {
    code: 'SCT',
    name: 'Sở Công Thương',
    kind: 'DEPARTMENT',
    agencyId: '000.00.10.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'SỞ CÔNG THƯƠNG',
    documentSymbol: 'SCT',
    place: CITY,
    address: '163 Hai Bà Trưng, Phường Xuân Hòa, Thành phố Hồ Chí Minh',
  },
  {
    code: 'SNNMT',
    name: 'Sở Nông nghiệp và Môi trường',
    kind: 'DEPARTMENT',
    agencyId: '000.00.20.H29',
    parentName: CITY_PEOPLES_COMMITTEE,
    issuerName: 'SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG',
    documentSymbol: 'SNNMT',
    place: CITY,
    address: '63 Lý Tự Trọng, Phường Sài Gòn, Thành phố Hồ Chí Minh',
  },
];
