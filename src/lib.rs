//! Backend Salary Guide: guides and a salary calculator on one shared estimator.
//!
//! Layers, from the bottom: [`estimator`] (pure salary model), [`content`]
//! (guides and data loaded once), [`web`] (the actix-web app), [`cli`] (the
//! command line), [`export`] (the pages as plain files for a CDN). `main.rs`
//! only wires them together.

pub mod cli;
pub mod compare_cli;
pub mod content;
pub mod dates;
pub mod estimator;
pub mod export;
pub mod money;
pub mod reports;
pub mod store;
pub mod tax;
pub mod web;
