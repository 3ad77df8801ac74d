//! Which client sent a request, for the rate limits: the connection's peer,
//! or behind reverse proxies the address the nearest trusted proxy recorded.
//!
//! Only the entries our own proxies appended are believed. A client can send
//! any `X-Forwarded-For` or `Forwarded` header it likes; each proxy appends
//! the address that connected to it, so the chain is read from the right,
//! past the configured number of trusted hops (or past the trusted proxies'
//! own addresses), and everything further left is the client's word. An
//! address that cannot be read still counts, in one bucket shared by all
//! such requests, so garbage in the header never turns a limit off.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// How far the server trusts the proxies in front of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ProxyTrust {
    /// No proxy: the connection's peer is the client.
    #[default]
    None,
    /// This many proxies in front, each appending to the header: the client
    /// is the entry this far from the right (`--behind-proxy` alone is 1).
    Hops(u8),
    /// Proxies with these addresses: the client is the rightmost address in
    /// the chain (the header, then the peer) that is not one of them.
    Addresses(Vec<IpAddr>),
}

/// Which header the proxies write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, HAProxy, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client;proto=https, for=proxy1`; read only
    /// when configured, since a proxy that writes the other one passes a
    /// client's `Forwarded` through untouched.
    Forwarded,
}

/// A request's client as the rate limits count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// A readable address.
    Address(IpAddr),
    /// Unreadable or missing: every such request shares one bucket.
    Unknown,
}

/// The client of `request` under this trust.
pub fn client(request: &HttpRequest, trust: &ProxyTrust, header: ProxyHeader) -> Client {
    let peer = request.peer_addr().map(|a| a.ip());
    if *trust == ProxyTrust::None {
        return peer.map_or(Client::Unknown, Client::Address);
    }
    let name = match header {
        ProxyHeader::XForwardedFor => "x-forwarded-for",
        ProxyHeader::Forwarded => "forwarded",
    };
    // Every line of the header, in order, as one list: proxies may append a
    // line of their own rather than extend the last.
    let mut entries: Vec<String> = Vec::new();
    for value in request.headers().get_all(name) {
        let Ok(text) = value.to_str() else {
            return Client::Unknown;
        };
        entries.extend(text.split(',').map(|entry| match header {
            ProxyHeader::XForwardedFor => entry.trim().to_owned(),
            ProxyHeader::Forwarded => forwarded_for(entry),
        }));
    }
    from_chain(&entries, peer, trust)
}

/// The `for=` of one `Forwarded` element, unquoted ("" when absent).
fn forwarded_for(element: &str) -> String {
    element
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("for"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .unwrap_or_default()
}

/// Reads one entry: an address, with or without a port (`[v6]:port`).
fn parse(entry: &str) -> Option<IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            entry
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse()
                .ok()
        })
}

/// The client from a proxy chain (header entries left to right) and the peer.
fn from_chain(entries: &[String], peer: Option<IpAddr>, trust: &ProxyTrust) -> Client {
    let read = |entry: Option<&String>| {
        entry
            .and_then(|e| parse(e))
            .map_or(Client::Unknown, Client::Address)
    };
    match trust {
        ProxyTrust::None => peer.map_or(Client::Unknown, Client::Address),
        ProxyTrust::Hops(hops) => {
            // The rightmost entry was written by the proxy nearest us, and
            // is the address that connected to it; with one hop, the client.
            let hops = usize::from(*hops).max(1);
            read(entries.len().checked_sub(hops).and_then(|i| entries.get(i)))
        }
        ProxyTrust::Addresses(proxies) => {
            let Some(peer) = peer else {
                return Client::Unknown;
            };
            if !proxies.contains(&peer) {
                // Not through our proxy: the connection is the client.
                return Client::Address(peer);
            }
            for entry in entries.iter().rev() {
                match parse(entry) {
                    Some(address) if proxies.contains(&address) => {}
                    Some(address) => return Client::Address(address),
                    None => return Client::Unknown,
                }
            }
            Client::Unknown
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(text: &str) -> Vec<String> {
        text.split(',').map(|e| e.trim().to_owned()).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn one_hop_takes_what_our_proxy_appended_not_what_the_client_wrote() {
        // The client wrote 1.2.3.4; our proxy appended the real 203.0.113.9.
        let entries = chain("1.2.3.4, 203.0.113.9");
        assert_eq!(
            from_chain(&entries, Some(ip("10.0.0.2")), &ProxyTrust::Hops(1)),
            Client::Address(ip("203.0.113.9"))
        );
        // Two proxies (CDN, then ours): one further left.
        let entries = chain("1.2.3.4, 203.0.113.9, 198.51.100.1");
        assert_eq!(
            from_chain(&entries, Some(ip("10.0.0.2")), &ProxyTrust::Hops(2)),
            Client::Address(ip("203.0.113.9"))
        );
    }

    #[test]
    fn trusted_proxies_are_skipped_from_the_right() {
        let proxies = ProxyTrust::Addresses(vec![ip("10.0.0.2"), ip("198.51.100.1")]);
        let entries = chain("1.2.3.4, 203.0.113.9, 198.51.100.1");
        assert_eq!(
            from_chain(&entries, Some(ip("10.0.0.2")), &proxies),
            Client::Address(ip("203.0.113.9"))
        );
        // A request that did not come through our proxy: its own address.
        assert_eq!(
            from_chain(&entries, Some(ip("192.0.2.50")), &proxies),
            Client::Address(ip("192.0.2.50"))
        );
    }

    #[test]
    fn an_unreadable_or_missing_address_counts_in_the_shared_bucket() {
        let peer = Some(ip("10.0.0.2"));
        assert_eq!(
            from_chain(&chain("unknown"), peer, &ProxyTrust::Hops(1)),
            Client::Unknown
        );
        assert_eq!(from_chain(&[], peer, &ProxyTrust::Hops(1)), Client::Unknown);
        assert_eq!(
            from_chain(&chain("203.0.113.9"), peer, &ProxyTrust::Hops(2)),
            Client::Unknown
        );
    }

    #[test]
    fn forwarded_elements_give_their_for_address_with_or_without_port() {
        assert_eq!(
            forwarded_for("for=192.0.2.60;proto=http;by=203.0.113.43"),
            "192.0.2.60"
        );
        assert_eq!(
            forwarded_for(r#"For="[2001:db8:cafe::17]:4711""#),
            "[2001:db8:cafe::17]:4711"
        );
        assert_eq!(
            parse("[2001:db8:cafe::17]:4711"),
            Some(ip("2001:db8:cafe::17"))
        );
        assert_eq!(parse("[2001:db8:cafe::17]"), Some(ip("2001:db8:cafe::17")));
        assert_eq!(parse("203.0.113.9:443"), Some(ip("203.0.113.9")));
    }
}
