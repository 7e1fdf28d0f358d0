/** CSV for spreadsheets: BOM, RFC 4180 quoting, formula cells made inert. */
import { strict as assert } from 'node:assert';
import { attachment, csvCell, toCsv } from '../../../bridge/reports/csv.js';

describe('csv', () => {
  it('starts with a UTF-8 byte-order mark and ends lines with CRLF', () => {
    const csv = toCsv(['班次', '来电量'], [['白班', 12]]);
    assert.equal(csv, '\uFEFF班次,来电量\r\n白班,12\r\n');
    assert.deepEqual([...Buffer.from(csv, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  });

  it('neutralises a cell that begins with =, +, - or @ and quotes what needs quoting', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+86 139'), "'+86 139");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('a "quoted", note'), '"a ""quoted"", note"');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('普通话'), '普通话');
  });

  it('writes figures as numbers and empty cells for missing ones', () => {
    assert.equal(csvCell(-1), '-1');
    assert.equal(csvCell(14.3), '14.3');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('names a download with non-ASCII characters safely', () => {
    assert.equal(attachment('报表.csv'), `attachment; filename="__.csv"; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.csv`);
  });
});
