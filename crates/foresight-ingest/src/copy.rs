//! PostgreSQL's binary COPY format for reading rows: no text formatting or parsing on either side,
//! which is most of what makes COPY fast.

use bytes::{BufMut, BytesMut};
use uuid::Uuid;

/// Microseconds from the Unix epoch to PostgreSQL's epoch (2000-01-01).
const PG_EPOCH_OFFSET_US: i64 = 946_684_800_000_000;

/// The columns, in order, that [`encode`] writes.
pub const READING_COLUMNS: &str = "tenant_id, series_id, ts, source_ts, value, text_value";

/// One row of the reading table.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadingRow {
    pub tenant_id: Uuid,
    pub series_id: i64,
    /// Platform time, ms since the Unix epoch.
    pub ts_ms: i64,
    /// The gateway's original timestamp, ms since the Unix epoch.
    pub source_ts_ms: i64,
    pub value: Option<f64>,
    pub text_value: Option<String>,
}

pub fn header(buf: &mut BytesMut) {
    buf.put_slice(b"PGCOPY\n\xff\r\n\0");
    buf.put_i32(0); // flags
    buf.put_i32(0); // header extension length
}

pub fn trailer(buf: &mut BytesMut) {
    buf.put_i16(-1);
}

pub fn encode(buf: &mut BytesMut, row: &ReadingRow) {
    buf.put_i16(6);
    buf.put_i32(16);
    buf.put_slice(row.tenant_id.as_bytes());
    buf.put_i32(8);
    buf.put_i64(row.series_id);
    buf.put_i32(8);
    buf.put_i64(row.ts_ms * 1000 - PG_EPOCH_OFFSET_US);
    buf.put_i32(8);
    buf.put_i64(row.source_ts_ms * 1000 - PG_EPOCH_OFFSET_US);
    match row.value {
        Some(v) => {
            buf.put_i32(8);
            buf.put_f64(v);
        }
        None => buf.put_i32(-1),
    }
    match &row.text_value {
        Some(t) => {
            buf.put_i32(t.len() as i32);
            buf.put_slice(t.as_bytes());
        }
        None => buf.put_i32(-1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_has_the_documented_layout() {
        let mut buf = BytesMut::new();
        let row = ReadingRow {
            tenant_id: Uuid::nil(),
            series_id: 1,
            ts_ms: 946_684_800_000,
            source_ts_ms: 946_684_800_001,
            value: None,
            text_value: Some("ab".into()),
        };
        encode(&mut buf, &row);
        // field count, uuid, int8, two timestamps (0 and 1000 µs after PostgreSQL's epoch), NULL, text
        assert_eq!(&buf[0..2], &6i16.to_be_bytes());
        // 2 (count) + 4 + 16 (uuid) = 22: the series id's length comes next.
        assert_eq!(&buf[22..26], &8i32.to_be_bytes());
        assert_eq!(&buf[26..34], &1i64.to_be_bytes());
        assert_eq!(&buf[38..46], &0i64.to_be_bytes());
        assert_eq!(&buf[50..58], &1000i64.to_be_bytes());
        assert_eq!(&buf[58..62], &(-1i32).to_be_bytes());
        assert_eq!(&buf[62..68], &[0, 0, 0, 2, b'a', b'b']);
        assert_eq!(buf.len(), 68);
    }
}
