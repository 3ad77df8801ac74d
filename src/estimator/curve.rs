//! Monotone cubic interpolation (Fritsch–Carlson, as in PCHIP) over knot points.
//!
//! The experience curve must be smooth (no cliff at a level edge) and must never
//! overshoot between knots: a plain cubic spline can dip between two equal knots,
//! which would make pay fall with experience. PCHIP keeps each piece within its
//! knots' values and follows the data's direction.

/// How many whole numbers from 0 a curve keeps its values at: the years of
/// experience the model covers ([`super::MAX_YEARS`]).
const WHOLE_POINTS: usize = 51;

/// A smooth, shape-preserving curve through `(x, y)` knots.
#[derive(Debug, Clone)]
pub struct MonotoneCurve {
    xs: Vec<f64>,
    ys: Vec<f64>,
    slopes: Vec<f64>,
    /// The curve's values at 0, 1, … 50, worked out once: every estimate
    /// reads the curves at the 21 whole years of its projection (five curves
    /// each), and most people give whole years.
    at_whole: Vec<f64>,
}

impl MonotoneCurve {
    /// Builds the curve; `xs` must be strictly increasing and the same length as
    /// `ys` with at least two points (the data file validator guarantees both).
    pub fn new(xs: Vec<f64>, ys: Vec<f64>) -> Self {
        let slopes = pchip_slopes(&xs, &ys);
        let mut curve = Self {
            xs,
            ys,
            slopes,
            at_whole: Vec::new(),
        };
        curve.at_whole = (0..WHOLE_POINTS)
            .map(|x| curve.between_knots(x as f64))
            .collect();
        curve
    }

    /// The curve's value at `x`, held flat beyond the first and last knots.
    pub fn at(&self, x: f64) -> f64 {
        // A whole number in the table: the very value worked out below.
        // (`as` saturates, and -0.0 == 0.0 gives what 0.0 gives.)
        let whole = x as usize;
        if whole as f64 == x
            && let Some(&y) = self.at_whole.get(whole)
        {
            return y;
        }
        self.between_knots(x)
    }

    /// [`MonotoneCurve::at`], worked out.
    fn between_knots(&self, x: f64) -> f64 {
        let n = self.xs.len();
        if n == 0 {
            return 0.0;
        }
        if x <= self.xs[0] {
            return self.ys[0];
        }
        if x >= self.xs[n - 1] {
            return self.ys[n - 1];
        }
        // partition_point finds the first knot right of x; x is strictly inside.
        let i = self.xs.partition_point(|&k| k <= x) - 1;
        let h = self.xs[i + 1] - self.xs[i];
        let t = (x - self.xs[i]) / h;
        let (t2, t3) = (t * t, t * t * t);
        let h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
        let h10 = t3 - 2.0 * t2 + t;
        let h01 = -2.0 * t3 + 3.0 * t2;
        let h11 = t3 - t2;
        h00 * self.ys[i]
            + h10 * h * self.slopes[i]
            + h01 * self.ys[i + 1]
            + h11 * h * self.slopes[i + 1]
    }
}

fn pchip_slopes(xs: &[f64], ys: &[f64]) -> Vec<f64> {
    let n = xs.len();
    if n < 2 {
        return vec![0.0; n];
    }
    let h: Vec<f64> = xs.windows(2).map(|w| w[1] - w[0]).collect();
    let delta: Vec<f64> = (0..n - 1).map(|i| (ys[i + 1] - ys[i]) / h[i]).collect();
    if n == 2 {
        return vec![delta[0]; 2];
    }
    let mut d = vec![0.0; n];
    for k in 1..n - 1 {
        if delta[k - 1] * delta[k] > 0.0 {
            let w1 = 2.0 * h[k] + h[k - 1];
            let w2 = h[k] + 2.0 * h[k - 1];
            d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
        }
    }
    d[0] = end_slope(h[0], h[1], delta[0], delta[1]);
    d[n - 1] = end_slope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
    d
}

/// One-sided three-point slope at an end, clipped so the end piece keeps its shape.
fn end_slope(h0: f64, h1: f64, d0: f64, d1: f64) -> f64 {
    let d = ((2.0 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
    if d.signum() != d0.signum() || d0 == 0.0 {
        0.0
    } else if d0.signum() != d1.signum() && d.abs() > 3.0 * d0.abs() {
        3.0 * d0
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_through_every_knot() {
        let curve = MonotoneCurve::new(vec![0.0, 1.0, 4.0, 8.0], vec![1.0, 2.0, 2.0, 5.0]);
        for (x, y) in [(0.0, 1.0), (1.0, 2.0), (4.0, 2.0), (8.0, 5.0)] {
            assert!((curve.at(x) - y).abs() < 1e-9, "at {x}");
        }
    }

    #[test]
    fn never_overshoots_a_flat_stretch() {
        let curve = MonotoneCurve::new(vec![0.0, 1.0, 4.0, 8.0], vec![1.0, 2.0, 2.0, 5.0]);
        for i in 0..=300 {
            let x = 1.0 + f64::from(i) * 0.01;
            assert!((curve.at(x) - 2.0).abs() < 1e-9, "at {x}");
        }
    }

    #[test]
    fn is_non_decreasing_on_rising_data() {
        let curve = MonotoneCurve::new(
            vec![0.0, 2.0, 3.0, 10.0, 50.0],
            vec![10.0, 11.0, 20.0, 21.0, 21.0],
        );
        let mut last = f64::MIN;
        for i in 0..=5000 {
            let y = curve.at(f64::from(i) * 0.01);
            assert!(y >= last - 1e-9);
            last = y;
        }
    }

    #[test]
    fn whole_numbers_read_from_the_table_as_worked_out() {
        let curve = MonotoneCurve::new(
            vec![0.0, 2.0, 3.0, 10.0, 30.0],
            vec![10.0, 11.0, 20.0, 21.0, 27.5],
        );
        for x in (0..60).map(f64::from).chain([-0.0, -1.0, 0.5, 49.999]) {
            assert_eq!(
                curve.at(x).to_bits(),
                curve.between_knots(x).to_bits(),
                "at {x}"
            );
        }
    }

    #[test]
    fn is_flat_outside_the_knots() {
        let curve = MonotoneCurve::new(vec![1.0, 2.0], vec![3.0, 4.0]);
        assert_eq!(curve.at(-5.0), 3.0);
        assert_eq!(curve.at(9.0), 4.0);
    }
}
