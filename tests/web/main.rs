//! The one integration test binary: drives the real app (same factory as
//! production) over the real bundled content, and the real command line.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly on setup errors"
)]

mod api;
mod bodies;
mod caching;
mod calculator;
mod cli;
mod common;
mod compare;
mod database_down;
mod databases;
mod discovery;
mod docs;
mod errors;
mod export;
mod guide_figures;
mod guides;
mod home_place;
mod hostile;
mod hostile_props;
mod moderate;
mod openapi;
mod ops;
mod pages;
mod pay;
mod privacy_attacks;
mod replicas;
mod reports;
mod search;
mod serve;
mod share;
mod store;
mod take_home;
mod voice;
