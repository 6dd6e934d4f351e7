// The per-row steps of Poisson IRLS (src/estimate/solvers/poisson.ts), so that an iteration reads and writes
// no row from JavaScript: forming the working weights and variable beside the regressors, and the update of
// the linear predictor, the means and the deviance from the working residuals.
//
// Layouts (all pointers are data addresses; 0 for an absent optional array):
//   X0     [n x s] f64 row-major: the regressors in columns 0..k-1 (the rest unused), never modified
//   M      [n x s] f64 row-major: out, the regressors and, in column k, the working variable
//   y, mu, eta, z, W, ylogy, e, offset, pw   [n] f64

/**
 * W_i = pw_i mu_i, z_i = eta_i - offset_i + (y_i - mu_i) / mu_i; M = X0 with z in column k; norms ([k] out)
 * the W-weighted norms of the regressors (the collinearity reference).
 */
export function poissonWorking(X0: usize, M: usize, n: i32, s: i32, k: i32, y: usize, mu: usize, eta: usize,
  offset: usize, pw: usize, W: usize, z: usize, norms: usize): void {
  const rowBytes = <usize>s << 3;
  memory.copy(M, X0, <usize>n * rowBytes);
  memory.fill(norms, 0, <usize>k << 3);
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    const m = load<f64>(mu + at);
    const wi = pw != 0 ? load<f64>(pw + at) * m : m;
    store<f64>(W + at, wi);
    const off = offset != 0 ? load<f64>(offset + at) : 0.0;
    const zi = load<f64>(eta + at) - off + (load<f64>(y + at) - m) / m;
    store<f64>(z + at, zi);
    const row = M + <usize>i * rowBytes;
    store<f64>(row + (<usize>k << 3), zi);
    for (let j = 0; j < k; j++) {
      const v = load<f64>(row + (<usize>j << 3));
      const p = norms + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + wi * v * v);
    }
  }
  for (let j = 0; j < k; j++) {
    const p = norms + (<usize>j << 3);
    store<f64>(p, Math.sqrt(load<f64>(p)));
  }
}

/** Row i's new index et: mu' = exp(et) stored beside it; returns pw_i [y log y - y et - (y - mu')]. */
@inline
function moveTo(at: usize, et: f64, y: usize, ylogy: usize, pw: usize, etaNew: usize, muNew: usize): f64 {
  const m = Math.exp(et);
  store<f64>(etaNew + at, et);
  store<f64>(muNew + at, m);
  const yi = load<f64>(y + at);
  const d = load<f64>(ylogy + at) - yi * et - (yi - m);
  return pw != 0 ? load<f64>(pw + at) * d : d;
}

/**
 * The step from the working residuals e (of the sqrt(W)-scaled fit): eta' = offset + z - e / sqrt(W),
 * mu' = exp(eta'), into etaNew and muNew; returns the deviance 2 sum pw [y log y - y eta' - (y - mu')].
 */
export function poissonStep(n: i32, e: usize, W: usize, z: usize, offset: usize, y: usize, ylogy: usize, pw: usize,
  etaNew: usize, muNew: usize): f64 {
  let dev = 0.0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    const off = offset != 0 ? load<f64>(offset + at) : 0.0;
    dev += moveTo(at, off + load<f64>(z + at) - load<f64>(e + at) / Math.sqrt(load<f64>(W + at)), y, ylogy, pw, etaNew, muNew);
  }
  return 2 * dev;
}

/** Step halving (glm's and fixest's rule when the deviance is not finite): eta' = (eta' + eta) / 2; returns the deviance. */
export function poissonHalve(n: i32, eta: usize, y: usize, ylogy: usize, pw: usize, etaNew: usize, muNew: usize): f64 {
  let dev = 0.0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    dev += moveTo(at, (load<f64>(etaNew + at) + load<f64>(eta + at)) / 2, y, ylogy, pw, etaNew, muNew);
  }
  return 2 * dev;
}

/**
 * The start (fixest's): mu = (y + ybar) / 2, eta = log(mu), ylogy = y log(y) (0 at y = 0); returns the
 * deviance at that mu.
 */
export function poissonStart(n: i32, y: usize, pw: usize, ybar: f64, mu: usize, eta: usize, ylogy: usize): f64 {
  let dev = 0.0;
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 3;
    const yi = load<f64>(y + at);
    const m = (yi + ybar) / 2;
    const yl = yi > 0 ? yi * Math.log(yi) : 0.0;
    store<f64>(mu + at, m);
    store<f64>(eta + at, Math.log(m));
    store<f64>(ylogy + at, yl);
    const d = (yi > 0 ? yi * Math.log(yi / m) : 0.0) - (yi - m);
    dev += pw != 0 ? load<f64>(pw + at) * d : d;
  }
  return 2 * dev;
}
