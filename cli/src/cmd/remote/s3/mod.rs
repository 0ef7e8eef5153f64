//! S3-compatible object storage (AWS S3, MinIO, R2...) as a team remote: `hearth remote add NAME
//! s3://BUCKET/PREFIX [--endpoint URL] [--region R]`, credentials from the environment. The sync
//! logic stays `hearth_core::sync`; this module is the storage layout ([`transport`]), the HTTP
//! calls ([`client`]) and their signatures ([`sigv4`]).

pub mod client;
pub mod location;
pub mod sigv4;
pub mod transport;
