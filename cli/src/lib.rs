//! Hearth CLI library.
