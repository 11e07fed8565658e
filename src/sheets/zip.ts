/**
 * A small zip reader for .xlsx files (dependency-free, node:zlib only): the central directory
 * says what is inside and how large it claims to be; each part that is read is inflated with a
 * hard output limit, so a zip bomb is refused whatever its headers claim. The parts that passed
 * are handed on as a new, uncompressed zip (writeStoredZip), so the spreadsheet library only
 * ever sees bytes that were checked.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-zip' | 'unsupported' | 'too-large' | 'corrupt',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of the central directory. */
export function readZipDirectory(buf: Buffer, maxEntries: number): ZipEntry[] {
  if (buf.length < 22) throw new ZipError('the file is too short to be a zip archive', 'not-zip');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('no zip directory found', 'not-zip');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw new ZipError('ZIP64 archives are not supported (a workbook is never that large)', 'unsupported');
  }
  if (count > maxEntries) throw new ZipError(`the archive holds ${count} files (the limit is ${maxEntries})`, 'too-large');
  if (cdOffset + cdSize > eocd) throw new ZipError('the zip directory lies outside the file', 'corrupt');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError('the zip directory is damaged', 'corrupt');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The entry's bytes, unpacked, never more than `limit` (else a ZipError 'too-large'). */
export function readZipEntry(buf: Buffer, e: ZipEntry, limit: number): Buffer {
  if (e.flags & 0x1) throw new ZipError(`${e.name} is encrypted`, 'unsupported');
  if (e.size > limit) throw new ZipError(`${e.name} unpacks to ${mb(e.size)} (the limit is ${mb(limit)})`, 'too-large');
  const at = e.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL) throw new ZipError(`${e.name}: damaged entry`, 'corrupt');
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError(`${e.name}: the entry runs past the end of the file`, 'corrupt');
  const data = buf.subarray(start, end);
  let out: Buffer;
  if (e.method === 0) out = Buffer.from(data);
  else if (e.method === 8) {
    try {
      // The real limit: a bomb may declare a small size and inflate to gigabytes.
      out = inflateRawSync(data, { maxOutputLength: limit });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new ZipError(`${e.name} unpacks to more than ${mb(limit)}`, 'too-large');
      }
      throw new ZipError(`${e.name}: cannot be unpacked (${(err as Error).message})`, 'corrupt');
    }
  } else throw new ZipError(`${e.name} uses compression method ${e.method}, which is not supported`, 'unsupported');
  if (out.length !== e.size) throw new ZipError(`${e.name} unpacks to ${out.length} bytes, not the ${e.size} its header says`, 'corrupt');
  if (crc32(out) !== e.crc) throw new ZipError(`${e.name}: checksum mismatch (the file is damaged)`, 'corrupt');
  return out;
}

/** A zip of the given files, uncompressed (method 0), names in UTF-8. */
export function writeStoredZip(files: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(f.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(f.data.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(f.data.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, f.data);
    centrals.push(central, name);
    offset += 30 + name.length + f.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

export function mb(n: number): string {
  return n >= 1024 * 1024 * 1024 ? `${(n / 1024 / 1024 / 1024).toFixed(1)} GB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
