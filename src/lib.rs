//! Backend Salary Guide: guides and a salary calculator on one shared estimator.
//!
//! Layers, from the bottom: [`estimator`] (pure salary model), [`content`]
//! (guides and data loaded once), [`reports`] and [`store`] (visitors'
//! reports and the database), [`web`] (the actix-web app), [`export`] (the
//! pages as plain files for a CDN), and on top [`cli`] (the command line, one
//! file per command), which only `main.rs` uses.

pub mod cli;
pub mod content;
pub mod dates;
pub mod estimator;
pub mod export;
pub mod money;
pub mod positions;
pub mod random;
pub mod reports;
pub mod store;
pub mod tax;
pub mod web;

#[cfg(test)]
mod source_layout;
