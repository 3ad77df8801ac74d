//! Backend Salary Guide: guides and a salary calculator on one shared estimator.
//!
//! Layers, from the bottom: [`estimator`] (pure salary model), [`content`]
//! (guides and data loaded once), [`web`] (the actix-web app), [`cli`] (the
//! command line). `main.rs` only wires them together.

pub mod cli;
pub mod content;
pub mod dates;
pub mod estimator;
pub mod money;
pub mod web;
