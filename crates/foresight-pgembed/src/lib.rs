//! Runs a private PostgreSQL cluster from the system binaries.
