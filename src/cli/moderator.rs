//! `salary-guide moderator add NAME`: create a moderator, or set a new
//! password for one, with the password read from standard input. The rules
//! (name, password length, hashing) are [`crate::reports::moderation`]'s.

use std::io::BufRead;
use std::process::ExitCode;

use clap::Subcommand;

use super::{Cli, with_store};
use crate::reports::moderation::{ModeratorError, NewModerator, moderator_name};

/// `salary-guide moderator …`.
#[derive(Debug, Subcommand)]
pub enum ModeratorCommand {
    /// Create a moderator, or set a new password for one; the password is
    /// read from standard input (one line, at least 12 characters).
    Add {
        /// The name to log in with.
        name: String,
    },
}

/// `salary-guide moderator add NAME`: exit 0 when saved, 2 for a bad name or
/// password, 1 when the password cannot be read or the database fails.
pub fn run(cli: &Cli, command: &ModeratorCommand) -> ExitCode {
    let ModeratorCommand::Add { name } = command;
    // The name is checked before the password is asked for.
    if let Err(error) = moderator_name(name) {
        return refuse(&error);
    }
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line).is_err() {
        eprintln!("Could not read the password from standard input.");
        return ExitCode::FAILURE;
    }
    let password = line.trim_end_matches(['\r', '\n']);
    // Checked before the database is opened, so a refusal creates nothing.
    let moderator = match NewModerator::new(name, password) {
        Ok(moderator) => moderator,
        Err(error) => return refuse(&error),
    };
    with_store(cli, async |store| {
        let name = moderator.name();
        match moderator.save(store).await {
            Ok(true) => println!("Moderator {name} added."),
            Ok(false) => println!("Moderator {name}: password changed."),
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::FAILURE;
            }
        }
        ExitCode::SUCCESS
    })
}

/// Says why, and exits 2 for what the user can fix, 1 otherwise.
fn refuse(error: &ModeratorError) -> ExitCode {
    eprintln!("{error}");
    match error {
        ModeratorError::InvalidName | ModeratorError::PasswordTooShort => ExitCode::from(2),
        ModeratorError::Hash(_) => ExitCode::FAILURE,
    }
}
