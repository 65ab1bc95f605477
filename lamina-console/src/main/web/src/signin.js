// The sign-in page's script: posts the key as JSON and goes to the console once the node set the
// session cookie. The only script a browser without a session gets.
const form = document.getElementById('signin');
const problem = document.getElementById('problem');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  const accessKeyId = form.accessKeyId.value.trim();
  const secretAccessKey = form.secretAccessKey.value;
  if (!accessKeyId || !secretAccessKey) {
    problem.textContent = 'Enter both the access key ID and the secret access key.';
    (accessKeyId ? form.secretAccessKey : form.accessKeyId).focus();
    return;
  }
  button.disabled = true;
  problem.textContent = '';
  try {
    const response = await fetch('/console/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ accessKeyId, secretAccessKey }),
      credentials: 'same-origin',
    });
    if (response.ok) {
      location.assign('/console/');
      return;
    }
    const answer = await response.json().catch(() => ({}));
    problem.textContent = answer.message || `Sign-in failed (${response.status}).`;
    form.secretAccessKey.select();
  } catch (e) {
    problem.textContent = 'The node did not answer: ' + e.message;
  } finally {
    button.disabled = false;
  }
});
